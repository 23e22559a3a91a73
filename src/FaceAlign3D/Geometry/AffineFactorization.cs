namespace FaceAlign3D.Geometry;

/// <summary>
/// Affine cameras of a fixed rig, from the same points seen in every view: <see cref="Cameras"/> are 3x4
/// row-major matrices with last row (0, 0, 0, 1), in a world frame fixed only up to an affine map (which
/// triangulation and reprojection do not see). Residuals are the image distances between the observations and
/// the rank-3 reprojection, pixels.
/// </summary>
internal sealed record AffineRig(IReadOnlyList<double[]> Cameras, double RmsResidual, IReadOnlyList<double> ViewRmsResidual, IReadOnlyList<double> PointResidual);

/// <summary>
/// Affine structure from motion (Tomasi and Kanade's factorization): the 2V x N matrix of N points seen by V
/// affine cameras, each row centred, has rank 3; its three leading left singular vectors (here the eigenvectors
/// of its 2V x 2V Gram matrix, so N may be large) are the cameras' linear parts and the row means their
/// translations.
/// </summary>
internal static class AffineFactorization
{
    /// <param name="views">V >= 2 arrays of the same N >= 4 points, pixels.</param>
    /// <exception cref="ArgumentException">fewer than 2 views, fewer than 4 points, views of different sizes or points that are not finite.</exception>
    public static AffineRig Fit(IReadOnlyList<Point2[]> views)
    {
        int v = views.Count;
        if (v < 2) throw new ArgumentException("at least 2 views are needed", nameof(views));
        int n = views[0].Length;
        if (n < 4 || views.Any(p => p.Length != n)) throw new ArgumentException("every view needs the same N >= 4 points", nameof(views));
        if (views.Any(p => p.Any(q => !double.IsFinite(q.X) || !double.IsFinite(q.Y)))) throw new ArgumentException("points must be finite", nameof(views));
        int rows = 2 * v;
        var mean = new double[rows];
        var centred = new double[rows * n];
        for (int r = 0; r < rows; r++)
        {
            var points = views[r / 2];
            for (int i = 0; i < n; i++) mean[r] += r % 2 == 0 ? points[i].X : points[i].Y;
            mean[r] /= n;
            for (int i = 0; i < n; i++) centred[r * n + i] = (r % 2 == 0 ? points[i].X : points[i].Y) - mean[r];
        }
        var gram = new double[rows * rows];
        for (int a = 0; a < rows; a++)
            for (int b = a; b < rows; b++)
            {
                double s = 0;
                for (int i = 0; i < n; i++) s += centred[a * n + i] * centred[b * n + i];
                gram[a * rows + b] = gram[b * rows + a] = s;
            }
        var vectors = new double[rows * rows];
        SymmetricEigen.Decompose(gram, rows, vectors);
        // Eigenvalues ascend: the last three columns span the motion.
        var basis = new double[rows * 3];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < 3; c++) basis[r * 3 + c] = vectors[r * rows + rows - 3 + c];
        var cameras = new double[v][];
        for (int k = 0; k < v; k++)
            cameras[k] =
            [
                basis[6 * k], basis[6 * k + 1], basis[6 * k + 2], mean[2 * k],
                basis[6 * k + 3], basis[6 * k + 4], basis[6 * k + 5], mean[2 * k + 1],
                0, 0, 0, 1,
            ];
        var pointResidual = new double[n];
        var viewSquares = new double[v];
        Span<double> world = stackalloc double[3];
        for (int i = 0; i < n; i++)
        {
            world.Clear();
            for (int c = 0; c < 3; c++)
                for (int r = 0; r < rows; r++) world[c] += basis[r * 3 + c] * centred[r * n + i];
            double squares = 0;
            for (int k = 0; k < v; k++)
            {
                double dx = centred[2 * k * n + i] - (basis[6 * k] * world[0] + basis[6 * k + 1] * world[1] + basis[6 * k + 2] * world[2]);
                double dy = centred[(2 * k + 1) * n + i] - (basis[6 * k + 3] * world[0] + basis[6 * k + 4] * world[1] + basis[6 * k + 5] * world[2]);
                viewSquares[k] += dx * dx + dy * dy;
                squares += dx * dx + dy * dy;
            }
            pointResidual[i] = Math.Sqrt(squares / v);
        }
        return new AffineRig(cameras, Math.Sqrt(viewSquares.Sum() / (v * n)), viewSquares.Select(s => Math.Sqrt(s / n)).ToArray(), pointResidual);
    }
}
