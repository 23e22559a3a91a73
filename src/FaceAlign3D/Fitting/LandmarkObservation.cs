using FaceAlign3D.Geometry;

namespace FaceAlign3D.Fitting;

/// <summary>
/// 2D landmarks of one face in one image (pixels), in the order of the fitter's <see cref="LandmarkLayout"/> (68 Multi-PIE points by default), with an
/// optional per-landmark uncertainty sigma (pixels; the landmark term weighs each point by 1/sigma^2). A landmark
/// with sigma = +infinity is treated as not observed. Coordinates must be finite.
/// </summary>
public sealed record LandmarkObservation(Point2[] Points, double[]? Sigma = null)
{
    /// <summary>The automatic landmark sigma as a fraction of the landmark box diagonal.</summary>
    public const double AutoSigmaFraction = 0.015;

    /// <summary>
    /// The observation with one sigma for all points: <paramref name="sigma"/> pixels, or by default
    /// <see cref="AutoSigmaFraction"/> of the diagonal of the finite points' box (about the residual 3DDFA_V2 landmarks
    /// leave on real faces, so the priors keep unobservable blendshapes near 0). Points whose
    /// <paramref name="unobserved"/> entry is +infinity get an infinite sigma (not observed).
    /// </summary>
    public static LandmarkObservation WithUniformSigma(Point2[] points, double? sigma = null, double[]? unobserved = null)
    {
        double s = sigma ?? AutoSigmaFraction * Diagonal(points);
        var sigmas = Enumerable.Repeat(s, points.Length).ToArray();
        if (unobserved is not null)
            for (int k = 0; k < sigmas.Length; k++)
                if (double.IsPositiveInfinity(unobserved[k]))
                    sigmas[k] = double.PositiveInfinity;
        return new LandmarkObservation(points, sigmas);
    }

    private static double Diagonal(Point2[] points)
    {
        var finite = points.Where(p => p.IsFinite).ToArray();
        if (finite.Length == 0)
            return 1;
        double w = finite.Max(p => p.X) - finite.Min(p => p.X), h = finite.Max(p => p.Y) - finite.Min(p => p.Y);
        return Math.Max(Math.Sqrt(w * w + h * h), 1e-3);
    }

    /// <summary>1/sigma^2 per landmark (1 when no sigma is given, 0 for infinite sigma).</summary>
    internal double[] Weights()
    {
        var w = new double[Points.Length];
        for (int k = 0; k < w.Length; k++)
            w[k] = Sigma is null ? 1.0 : 1.0 / (Sigma[k] * Sigma[k]);
        return w;
    }

    /// <summary>Checks the observation and returns the points with unobserved ones set to NaN.</summary>
    /// <exception cref="ArgumentException">wrong count, non-finite coordinates, bad sigma, fewer than 5 observed points, or no spread.</exception>
    internal Point2[] Validate(int expectedCount, string what)
    {
        if (Points is null || Points.Length != expectedCount)
            throw new ArgumentException($"{what}: expected {expectedCount} landmarks, got {Points?.Length ?? 0}");
        if (Sigma is not null && Sigma.Length != Points.Length)
            throw new ArgumentException($"{what}: {Sigma.Length} sigmas for {Points.Length} landmarks");
        var used = new Point2[Points.Length];
        int valid = 0;
        double minX = double.MaxValue, maxX = double.MinValue, minY = double.MaxValue, maxY = double.MinValue;
        for (int k = 0; k < Points.Length; k++)
        {
            if (!Points[k].IsFinite)
                throw new ArgumentException($"{what}: landmark {k} has a non-finite coordinate ({Points[k].X}, {Points[k].Y}); mark unobserved points with sigma = +infinity");
            double s = Sigma?[k] ?? 1.0;
            if (double.IsNaN(s) || s <= 0)
                throw new ArgumentException($"{what}: landmark {k} has sigma {s}; sigmas must be positive");
            if (double.IsPositiveInfinity(s))
            {
                used[k] = new Point2(double.NaN, double.NaN);
                continue;
            }
            used[k] = Points[k];
            valid++;
            minX = Math.Min(minX, Points[k].X); maxX = Math.Max(maxX, Points[k].X);
            minY = Math.Min(minY, Points[k].Y); maxY = Math.Max(maxY, Points[k].Y);
        }
        if (valid < 5)
            throw new ArgumentException($"{what}: only {valid} observed landmarks; at least 5 are needed");
        if (Math.Max(maxX - minX, maxY - minY) < 1e-6)
            throw new ArgumentException($"{what}: all observed landmarks coincide; a face needs spatial extent");
        return used;
    }
}
