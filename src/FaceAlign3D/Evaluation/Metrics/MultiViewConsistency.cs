using FaceAlign3D.Geometry;

namespace FaceAlign3D.Evaluation.Metrics;

/// <summary>Leave-one-view-out self-projection errors, pixels.</summary>
/// <param name="PerView">Mean Euclidean distance per view between its landmarks and the re-projection of the others' triangulation.</param>
/// <param name="MeanDistance">Mean Euclidean distance over all evaluated (view, landmark) pairs.</param>
/// <param name="MeanL1">Mean |dx| + |dy| over the same pairs (the L1 of eq 8 of the 3D-aware multi-view paper, per point).</param>
/// <param name="Count">How many (view, landmark) pairs were evaluated.</param>
public sealed record MultiViewConsistencyResult(double[] PerView, double MeanDistance, double MeanL1, int Count);

/// <summary>
/// Multi-view self-projection consistency (eq 2-8 of the 3D-aware multi-view paper): each landmark is triangulated
/// by DLT from all views except q and projected into view q (eq 6-7); the error is its distance to view q's own
/// landmark. Consistent annotations of a rigid moment give errors at the annotation noise level.
/// </summary>
internal static class MultiViewConsistency
{
    /// <summary>
    /// <paramref name="landmarks"/>[v][k] is landmark k in view v (non-finite = not seen); needs at least three views
    /// so that two remain for triangulation.
    /// </summary>
    /// <exception cref="ArgumentException">view/camera count mismatch, fewer than three views, or ragged landmark lists.</exception>
    public static MultiViewConsistencyResult Evaluate(IReadOnlyList<Point2[]> landmarks, IReadOnlyList<PinholeCamera> cameras)
    {
        ArgumentNullException.ThrowIfNull(landmarks);
        ArgumentNullException.ThrowIfNull(cameras);
        if (landmarks.Count != cameras.Count)
            throw new ArgumentException($"multi-view consistency: {landmarks.Count} landmark sets but {cameras.Count} cameras");
        if (landmarks.Count < 3)
            throw new ArgumentException($"multi-view consistency: needs at least 3 views, got {landmarks.Count}");
        int count = landmarks[0]?.Length ?? throw new ArgumentException("multi-view consistency: view 0 has no landmarks");
        for (int v = 1; v < landmarks.Count; v++)
            if (landmarks[v] is null || landmarks[v].Length != count)
                throw new ArgumentException($"multi-view consistency: view {v} has {landmarks[v]?.Length ?? 0} landmarks, view 0 has {count}");
        var projections = cameras.Select(c => c.ProjectionMatrix()).ToArray();
        var perView = new double[landmarks.Count];
        double total = 0, totalL1 = 0;
        int pairs = 0;
        for (int q = 0; q < landmarks.Count; q++)
        {
            var others = Enumerable.Range(0, landmarks.Count).Where(v => v != q).ToArray();
            var otherProjections = others.Select(v => projections[v]).ToArray();
            double sum = 0;
            int n = 0;
            for (int k = 0; k < count; k++)
            {
                var target = landmarks[q][k];
                var seen = others.Select(v => landmarks[v][k]).ToArray();
                if (!target.IsFinite || seen.Count(p => p.IsFinite) < 2)
                    continue;
                Vec3 x;
                try { x = Dlt.Triangulate(otherProjections, seen); }
                catch (ArgumentException) { continue; }
                var projected = cameras[q].Project(x);
                if (!projected.IsFinite)
                    continue;
                var d = projected - target;
                sum += d.Length;
                totalL1 += Math.Abs(d.X) + Math.Abs(d.Y);
                n++;
            }
            perView[q] = n == 0 ? 0 : sum / n;
            total += sum;
            pairs += n;
        }
        return new MultiViewConsistencyResult(perView, pairs == 0 ? 0 : total / pairs, pairs == 0 ? 0 : totalL1 / pairs, pairs);
    }
}
