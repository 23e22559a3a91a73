namespace FaceAlign3D.Cli;

/// <summary>Median and 10th/90th percentiles of timed samples (linear interpolation between order statistics).</summary>
internal readonly record struct LatencyStats(double Median, double P10, double P90, int Count)
{
    public static LatencyStats From(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        if (sorted.Length == 0)
            return new LatencyStats(double.NaN, double.NaN, double.NaN, 0);
        return new LatencyStats(Percentile(sorted, 0.5), Percentile(sorted, 0.1), Percentile(sorted, 0.9), sorted.Length);
    }

    private static double Percentile(double[] sorted, double q)
    {
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos), hi = (int)Math.Ceiling(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
