namespace FaceAlign3D.Neural;

/// <summary>
/// The time of one kernel (median or another quantile of its runs) (a node, or a chain of fused nodes) in <see cref="InferenceSession.Profile"/>;
/// <paramref name="Kind"/> names the implementation (e.g. PointwiseConv, DepthwiseConv, Im2ColConv) for per-kind totals.
/// </summary>
internal sealed record KernelTiming(string Label, double Milliseconds, long MultiplyAccumulates, string Kind)
{
    public double GigaflopsPerSecond => Milliseconds > 0 ? 2.0 * MultiplyAccumulates / (Milliseconds * 1e6) : 0;
}
