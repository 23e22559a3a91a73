namespace FaceAlign3D.Geometry;

/// <summary>
/// A 3D similarity transform y = s * R * x + t (R a proper rotation, row-major 3x3).
/// Points are passed as flat spans of N x 3 doubles (x0, y0, z0, x1, ...).
/// </summary>
internal sealed class SimilarityTransform
{
    public SimilarityTransform(double scale, double[] rotation, double[] translation)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        ArgumentNullException.ThrowIfNull(translation);
        if (rotation.Length != 9)
            throw new ArgumentException("rotation must have 9 elements (row-major 3x3)", nameof(rotation));
        if (translation.Length != 3)
            throw new ArgumentException("translation must have 3 elements", nameof(translation));
        Scale = scale;
        Rotation = (double[])rotation.Clone();
        Translation = (double[])translation.Clone();
    }

    public static SimilarityTransform Identity => new(1, [1, 0, 0, 0, 1, 0, 0, 0, 1], [0, 0, 0]);

    public double Scale { get; }

    /// <summary>Row-major 3x3 rotation.</summary>
    public IReadOnlyList<double> Rotation { get; }

    public IReadOnlyList<double> Translation { get; }

    /// <summary>Transforms N x 3 points from <paramref name="source"/> into <paramref name="destination"/> (may alias).</summary>
    public void Apply(ReadOnlySpan<double> source, Span<double> destination)
    {
        PointSpans.CheckTriples(source, nameof(source));
        if (destination.Length != source.Length)
            throw new ArgumentException("destination must have the same length as source", nameof(destination));
        var r = Rotation;
        double s = Scale, tx = Translation[0], ty = Translation[1], tz = Translation[2];
        double r00 = s * r[0], r01 = s * r[1], r02 = s * r[2];
        double r10 = s * r[3], r11 = s * r[4], r12 = s * r[5];
        double r20 = s * r[6], r21 = s * r[7], r22 = s * r[8];
        for (int i = 0; i < source.Length; i += 3)
        {
            double x = source[i], y = source[i + 1], z = source[i + 2];
            destination[i] = r00 * x + r01 * y + r02 * z + tx;
            destination[i + 1] = r10 * x + r11 * y + r12 * z + ty;
            destination[i + 2] = r20 * x + r21 * y + r22 * z + tz;
        }
    }

    public double[] Apply(ReadOnlySpan<double> source)
    {
        var result = new double[source.Length];
        Apply(source, result);
        return result;
    }
}

/// <summary>
/// Least-squares similarity (or rigid) alignment of corresponding 3D point sets, as defined by
/// Umeyama (1991): minimise sum |d_i - (s R p_i + t)|^2 over proper rotations R.
/// </summary>
/// <remarks>
/// The rotation is found with Horn's quaternion formulation (largest eigenvector of a symmetric
/// 4x4 built from the cross-covariance). It yields the same optimum as Umeyama's SVD with the
/// reflection correction, needs no general SVD, and never returns a reflection.
/// </remarks>
internal static class Umeyama
{
    /// <summary>Estimates the transform mapping <paramref name="source"/> onto <paramref name="target"/>.</summary>
    /// <param name="source">N x 3 points, N &gt;= 3.</param>
    /// <param name="target">N x 3 corresponding points.</param>
    /// <param name="estimateScale">false gives the rigid (scale 1) solution.</param>
    public static SimilarityTransform Estimate(ReadOnlySpan<double> source, ReadOnlySpan<double> target, bool estimateScale = true)
    {
        PointSpans.CheckTriples(source, nameof(source));
        if (target.Length != source.Length)
            throw new ArgumentException($"Umeyama: source has {source.Length / 3} points but target has {target.Length / 3}", nameof(target));
        int n = source.Length / 3;
        if (n < 3)
            throw new ArgumentException($"Umeyama: at least 3 point pairs are needed, got {n}", nameof(source));
        PointSpans.CheckFinite(source, "Umeyama source");
        PointSpans.CheckFinite(target, "Umeyama target");

        Span<double> ms = stackalloc double[3];
        Span<double> md = stackalloc double[3];
        PointSpans.Centroid(source, ms);
        PointSpans.Centroid(target, md);

        // Cross-covariance S[a,b] = sum (p_a - mp_a)(d_b - md_b), plus the source spread.
        Span<double> s = stackalloc double[9];
        s.Clear();
        double sourceSpread = 0;
        for (int i = 0; i < source.Length; i += 3)
        {
            double px = source[i] - ms[0], py = source[i + 1] - ms[1], pz = source[i + 2] - ms[2];
            double dx = target[i] - md[0], dy = target[i + 1] - md[1], dz = target[i + 2] - md[2];
            s[0] += px * dx; s[1] += px * dy; s[2] += px * dz;
            s[3] += py * dx; s[4] += py * dy; s[5] += py * dz;
            s[6] += pz * dx; s[7] += pz * dy; s[8] += pz * dz;
            sourceSpread += px * px + py * py + pz * pz;
        }
        if (!(sourceSpread > 0))
            throw new ArgumentException("Umeyama: all source points coincide; the transform is undefined", nameof(source));

        double sxx = s[0], sxy = s[1], sxz = s[2], syx = s[3], syy = s[4], syz = s[5], szx = s[6], szy = s[7], szz = s[8];
        Span<double> horn =
        [
            sxx + syy + szz, syz - szy, szx - sxz, sxy - syx,
            syz - szy, sxx - syy - szz, sxy + syx, szx + sxz,
            szx - sxz, sxy + syx, -sxx + syy - szz, syz + szy,
            sxy - syx, szx + sxz, syz + szy, -sxx - syy + szz,
        ];
        Span<double> q = stackalloc double[4];
        SymmetricEigen4.LargestEigenvector(horn, q);

        var rotation = QuaternionToMatrix(q[0], q[1], q[2], q[3]);

        double scale = 1;
        if (estimateScale)
        {
            // s = sum d'_i . R p'_i / sum |p'_i|^2 = trace(R^T S^T) / spread.
            double traceRs = 0;
            for (int a = 0; a < 3; a++)
                for (int b = 0; b < 3; b++)
                    traceRs += rotation[b * 3 + a] * s[a * 3 + b];
            scale = traceRs / sourceSpread;
        }

        var translation = new double[3];
        for (int a = 0; a < 3; a++)
            translation[a] = md[a] - scale * (rotation[a * 3] * ms[0] + rotation[a * 3 + 1] * ms[1] + rotation[a * 3 + 2] * ms[2]);
        return new SimilarityTransform(scale, rotation, translation);
    }

    private static double[] QuaternionToMatrix(double w, double x, double y, double z)
    {
        double norm = Math.Sqrt(w * w + x * x + y * y + z * z);
        w /= norm; x /= norm; y /= norm; z /= norm;
        return
        [
            w * w + x * x - y * y - z * z, 2 * (x * y - w * z), 2 * (x * z + w * y),
            2 * (x * y + w * z), w * w - x * x + y * y - z * z, 2 * (y * z - w * x),
            2 * (x * z - w * y), 2 * (y * z + w * x), w * w - x * x - y * y + z * z,
        ];
    }

    /// <summary>Cyclic Jacobi eigen-solver for one symmetric 4x4 matrix (row-major).</summary>
    private static class SymmetricEigen4
    {
        public static void LargestEigenvector(Span<double> a, Span<double> result)
        {
            Span<double> v = stackalloc double[16];
            v.Clear();
            for (int i = 0; i < 4; i++) v[i * 5] = 1;

            for (int sweep = 0; sweep < 64; sweep++)
            {
                double off = 0, diag = 0;
                for (int p = 0; p < 4; p++)
                {
                    diag += a[p * 5] * a[p * 5];
                    for (int r = p + 1; r < 4; r++) off += a[p * 4 + r] * a[p * 4 + r];
                }
                if (off <= 1e-30 * diag || off == 0) break;

                for (int p = 0; p < 3; p++)
                    for (int r = p + 1; r < 4; r++)
                    {
                        double apr = a[p * 4 + r];
                        if (apr == 0) continue;
                        double theta = (a[r * 5] - a[p * 5]) / (2 * apr);
                        double t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                        if (theta == 0) t = 1;
                        double c = 1 / Math.Sqrt(t * t + 1), sn = t * c;
                        Rotate(a, v, p, r, c, sn);
                    }
            }

            int best = 0;
            for (int i = 1; i < 4; i++)
                if (a[i * 5] > a[best * 5]) best = i;
            for (int i = 0; i < 4; i++) result[i] = v[i * 4 + best];
        }

        // Applies A <- J^T A J and V <- V J for the Jacobi rotation J in the (p, r) plane.
        private static void Rotate(Span<double> a, Span<double> v, int p, int r, double c, double s)
        {
            for (int k = 0; k < 4; k++)
            {
                double akp = a[k * 4 + p], akr = a[k * 4 + r];
                a[k * 4 + p] = c * akp - s * akr;
                a[k * 4 + r] = s * akp + c * akr;
            }
            for (int k = 0; k < 4; k++)
            {
                double apk = a[p * 4 + k], ark = a[r * 4 + k];
                a[p * 4 + k] = c * apk - s * ark;
                a[r * 4 + k] = s * apk + c * ark;
            }
            for (int k = 0; k < 4; k++)
            {
                double vkp = v[k * 4 + p], vkr = v[k * 4 + r];
                v[k * 4 + p] = c * vkp - s * vkr;
                v[k * 4 + r] = s * vkp + c * vkr;
            }
        }
    }
}

/// <summary>Validation and small helpers for flat N x 3 point spans.</summary>
internal static class PointSpans
{
    public static void CheckTriples(ReadOnlySpan<double> points, string name)
    {
        if (points.Length % 3 != 0)
            throw new ArgumentException($"{name}: length {points.Length} is not a multiple of 3 (N x 3 points expected)", name);
    }

    public static void CheckFinite(ReadOnlySpan<double> points, string what)
    {
        for (int i = 0; i < points.Length; i++)
            if (!double.IsFinite(points[i]))
                throw new ArgumentException($"{what}: coordinate {i % 3} of point {i / 3} is not finite ({points[i]})");
    }

    public static void Centroid(ReadOnlySpan<double> points, Span<double> centroid)
    {
        double x = 0, y = 0, z = 0;
        for (int i = 0; i < points.Length; i += 3)
        {
            x += points[i]; y += points[i + 1]; z += points[i + 2];
        }
        int n = points.Length / 3;
        centroid[0] = x / n; centroid[1] = y / n; centroid[2] = z / n;
    }
}
