namespace FaceAlign3D.Fitting;

/// <summary>In-place Cholesky factorisation and solve for small dense symmetric positive-definite systems.</summary>
internal static class DenseCholesky
{
    /// <summary>Overwrites the lower triangle of the row-major n x n matrix a with L (a = L L^T). False if not positive definite.</summary>
    public static bool Factor(Span<double> a, int n)
    {
        for (int j = 0; j < n; j++)
        {
            var rowJ = a.Slice(j * n, j);
            double d = a[j * n + j] - DenseOps.Dot(rowJ, rowJ);
            if (!(d > 0) || !double.IsFinite(d))
                return false;
            d = Math.Sqrt(d);
            a[j * n + j] = d;
            double inv = 1 / d;
            for (int i = j + 1; i < n; i++)
            {
                a[i * n + j] = (a[i * n + j] - DenseOps.Dot(a.Slice(i * n, j), rowJ)) * inv;
            }
        }
        return true;
    }

    /// <summary>Solves L L^T x = b in place in b, with L from <see cref="Factor"/>.</summary>
    public static void Solve(ReadOnlySpan<double> l, int n, Span<double> b)
    {
        for (int i = 0; i < n; i++)
            b[i] = (b[i] - DenseOps.Dot(l.Slice(i * n, i), b[..i])) / l[i * n + i];
        for (int i = n - 1; i >= 0; i--)
        {
            double s = b[i];
            for (int k = i + 1; k < n; k++)
                s -= l[k * n + i] * b[k];
            b[i] = s / l[i * n + i];
        }
    }
}
