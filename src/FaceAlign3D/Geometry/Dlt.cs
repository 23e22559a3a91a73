namespace FaceAlign3D.Geometry;

/// <summary>
/// Direct linear transformation: the 3D point seen at pixel (u_p, v_p) by P calibrated views with 3x4 projection
/// matrices M_p. Each view gives the two constraints (M_p[0] - u_p M_p[2]) X = 0 and (M_p[1] - v_p M_p[2]) X = 0
/// (the rows of eq 2-4 of the 3D-aware multi-view paper); X is the right singular vector of the stacked A with the
/// smallest singular value. Rows are scaled to unit length first so that every view counts alike.
/// </summary>
internal static class Dlt
{
    /// <summary>Triangulates one point from at least two views.</summary>
    /// <exception cref="ArgumentException">count mismatch, fewer than two finite observations, or a degenerate geometry.</exception>
    public static Vec3 Triangulate(IReadOnlyList<double[]> projections, IReadOnlyList<Point2> pixels)
    {
        ArgumentNullException.ThrowIfNull(projections);
        ArgumentNullException.ThrowIfNull(pixels);
        if (projections.Count != pixels.Count)
            throw new ArgumentException($"DLT: {projections.Count} projection matrices but {pixels.Count} observations");
        Span<double> ata = stackalloc double[16];
        int used = 0;
        for (int p = 0; p < projections.Count; p++)
        {
            var m = projections[p];
            if (m is null || m.Length != 12)
                throw new ArgumentException($"DLT: projection matrix {p} must have 12 values (3x4 row-major)");
            var x = pixels[p];
            if (!x.IsFinite)
                continue;
            AddRow(ata, m, x.X, 0);
            AddRow(ata, m, x.Y, 1);
            used++;
        }
        if (used < 2)
            throw new ArgumentException($"DLT: need at least two views with finite observations, got {used}");
        Span<double> vectors = stackalloc double[16];
        var values = SymmetricEigen.Decompose(ata, 4, vectors);
        double w = vectors[12];
        // A second near-zero singular value means the rays do not pin the point down (e.g. identical cameras).
        if (Math.Abs(w) < 1e-12 || values[1] <= 1e-12 * values[3])
            throw new ArgumentException("DLT: degenerate view geometry (point at infinity or coincident rays)");
        var point = new Vec3(vectors[0] / w, vectors[4] / w, vectors[8] / w);
        return point.IsFinite ? point : throw new ArgumentException("DLT: degenerate view geometry");
    }

    private static void AddRow(Span<double> ata, double[] m, double coordinate, int row)
    {
        Span<double> a = stackalloc double[4];
        double norm = 0;
        for (int c = 0; c < 4; c++)
        {
            a[c] = m[row * 4 + c] - coordinate * m[8 + c];
            norm += a[c] * a[c];
        }
        if (norm <= 0)
            return;
        norm = 1 / Math.Sqrt(norm);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                ata[i * 4 + j] += a[i] * a[j] * norm * norm;
    }
}
