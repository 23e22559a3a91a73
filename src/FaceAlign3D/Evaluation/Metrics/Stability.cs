namespace FaceAlign3D.Evaluation.Metrics;

/// <summary>Stability of one track: per-transition values and their mean (fractions, not percent).</summary>
internal sealed record StabilityResult(double Mean, IReadOnlyList<double> PerTransition);

/// <summary>
/// Video stability as in 3DDFA_V2 (after Tai et al.): for adjacent frames t-1, t the true offset
/// dp = p_t - p_{t-1} and predicted offset dq = q_t - q_{t-1} are compared landmark by landmark;
/// the mean |dp - dq| is normalised like NME by the ground truth of frame t.
/// </summary>
internal static class Stability
{
    public static StabilityResult Compute(IReadOnlyList<LandmarkSet> predicted, IReadOnlyList<LandmarkSet> truth, NmeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(truth);
        options ??= new NmeOptions();
        if (predicted.Count != truth.Count)
            throw new ArgumentException($"stability: {predicted.Count} predicted frames but {truth.Count} true frames");
        if (truth.Count < 2)
            throw new ArgumentException("stability needs at least two frames");
        int dims = options.Dimensions;
        var values = new double[truth.Count - 1];
        for (int t = 1; t < truth.Count; t++)
        {
            LandmarkSet p0 = truth[t - 1], p1 = truth[t], q0 = predicted[t - 1], q1 = predicted[t];
            int n = p1.Count;
            if (p0.Count != n || q0.Count != n || q1.Count != n)
                throw new ArgumentException($"stability: frames {t - 1} and {t} do not all have {n} landmarks");
            if (p0.Dimension < dims || p1.Dimension < dims || q0.Dimension < dims || q1.Dimension < dims)
                throw new ArgumentException($"stability: frames {t - 1}..{t} have fewer than {dims} coordinates");
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                double sq = 0;
                for (int a = 0; a < dims; a++)
                {
                    double d = (p1[i, a] - p0[i, a]) - (q1[i, a] - q0[i, a]);
                    sq += d * d;
                }
                sum += Math.Sqrt(sq);
            }
            values[t - 1] = sum / n / Nme.Normalizer(p1, options);
        }
        return new StabilityResult(Nme.Mean(values), values);
    }
}
