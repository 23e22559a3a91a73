namespace FaceAlign3D.Evaluation.Metrics;

/// <summary>
/// Cumulative error distribution (CED) of per-face errors with the area under it up to a threshold
/// (AUC, normalised to [0, 1]) and the failure rate at that threshold (ParFace protocol: 10%).
/// </summary>
public sealed class CumulativeErrorDistribution
{
    private readonly double[] _sorted;

    /// <param name="errors">Per-face errors (NME fractions, not percent); must be finite and non-negative.</param>
    /// <param name="threshold">Upper limit of the AUC integral and the failure cut (0.10 = 10%).</param>
    public CumulativeErrorDistribution(IEnumerable<double> errors, double threshold = 0.10)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!(threshold > 0) || !double.IsFinite(threshold))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "threshold must be a positive number");
        _sorted = errors.ToArray();
        foreach (var e in _sorted)
            if (!(e >= 0) || !double.IsFinite(e))
                throw new ArgumentException($"CED: error {e} is not a finite non-negative number", nameof(errors));
        Array.Sort(_sorted);
        Threshold = threshold;

        // The CED F(x) = #{e_i <= x} / N is a step function, so its integral over [0, T] is exact:
        // sum over e_i < T of (T - e_i), divided by N (fractions) and by T (normalisation to [0, 1]).
        double area = 0;
        int failures = 0;
        foreach (var e in _sorted)
        {
            if (e < threshold) area += threshold - e;
            if (e > threshold) failures++;
        }
        Auc = Count == 0 ? 0 : area / (Count * threshold);
        FailureRate = Count == 0 ? 0 : (double)failures / Count;
    }

    public int Count => _sorted.Length;

    public double Threshold { get; }

    /// <summary>Area under the CED over [0, Threshold] divided by Threshold: 1 = every error is zero.</summary>
    public double Auc { get; }

    /// <summary>Fraction of faces whose error is strictly above <see cref="Threshold"/>.</summary>
    public double FailureRate { get; }

    public IReadOnlyList<double> SortedErrors => _sorted;

    /// <summary>Fraction of faces with error &lt;= <paramref name="error"/>.</summary>
    public double FractionAtOrBelow(double error)
    {
        if (Count == 0) return 0;
        int lo = 0, hi = _sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_sorted[mid] <= error) lo = mid + 1; else hi = mid;
        }
        return (double)lo / Count;
    }

    /// <summary>
    /// The exact step curve from error 0 to <see cref="Threshold"/> as polyline vertices (error, fraction):
    /// a vertical rise at each distinct error value, flat runs between.
    /// </summary>
    public IReadOnlyList<(double Error, double Fraction)> Curve()
    {
        var points = new List<(double, double)> { (0, FractionAtOrBelow(0)) };
        int i = 0;
        while (i < _sorted.Length && _sorted[i] <= 0) i++;
        while (i < _sorted.Length && _sorted[i] <= Threshold)
        {
            double e = _sorted[i];
            points.Add((e, (double)i / Count));
            while (i < _sorted.Length && _sorted[i] == e) i++;
            points.Add((e, (double)i / Count));
        }
        points.Add((Threshold, FractionAtOrBelow(Threshold)));
        return points;
    }
}
