namespace FaceAlign3D.Geometry;

/// <summary>
/// Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations. Accurate for the tiny
/// systems geometry needs (the 4x4 normal matrix of a DLT is the SVD of A: its eigenvectors are the right
/// singular vectors of A and its eigenvalues the squared singular values).
/// </summary>
internal static class SymmetricEigen
{
    /// <summary>
    /// Decomposes the row-major symmetric n x n matrix <paramref name="a"/>. Returns the eigenvalues in
    /// ascending order; column j of <paramref name="vectors"/> (row-major n x n) is the unit eigenvector of value j.
    /// </summary>
    public static double[] Decompose(ReadOnlySpan<double> a, int n, Span<double> vectors)
    {
        if (n <= 0 || a.Length != n * n || vectors.Length != n * n)
            throw new ArgumentException($"expected a {n}x{n} matrix and an equally sized output");
        var m = a.ToArray();
        vectors.Clear();
        for (int i = 0; i < n; i++)
            vectors[i * n + i] = 1;
        for (int sweep = 0; sweep < 64; sweep++)
        {
            double off = 0, scale = 0;
            for (int p = 0; p < n; p++)
                for (int q = 0; q < n; q++)
                {
                    if (p != q) off += m[p * n + q] * m[p * n + q];
                    else scale += m[p * n + q] * m[p * n + q];
                }
            if (off <= 1e-30 * Math.Max(scale, 1e-300))
                break;
            for (int p = 0; p < n - 1; p++)
                for (int q = p + 1; q < n; q++)
                {
                    double apq = m[p * n + q];
                    if (apq == 0)
                        continue;
                    double theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
                    double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < n; k++)
                    {
                        double mkp = m[k * n + p], mkq = m[k * n + q];
                        m[k * n + p] = c * mkp - s * mkq;
                        m[k * n + q] = s * mkp + c * mkq;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double mpk = m[p * n + k], mqk = m[q * n + k];
                        m[p * n + k] = c * mpk - s * mqk;
                        m[q * n + k] = s * mpk + c * mqk;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double vkp = vectors[k * n + p], vkq = vectors[k * n + q];
                        vectors[k * n + p] = c * vkp - s * vkq;
                        vectors[k * n + q] = s * vkp + c * vkq;
                    }
                }
        }
        // Sort ascending, moving eigenvector columns along.
        var values = new double[n];
        var order = new int[n];
        for (int i = 0; i < n; i++) { values[i] = m[i * n + i]; order[i] = i; }
        Array.Sort(values, order);
        var sorted = new double[n * n];
        for (int r = 0; r < n; r++)
            for (int j = 0; j < n; j++)
                sorted[r * n + j] = vectors[r * n + order[j]];
        sorted.CopyTo(vectors);
        return values;
    }
}
