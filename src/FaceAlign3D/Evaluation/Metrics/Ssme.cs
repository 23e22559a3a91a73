namespace FaceAlign3D.Evaluation.Metrics;

/// <summary>SSME of one region: the summary (mean over windows) and SSME_h for h = 1..Windows, in pixels.</summary>
internal sealed record SsmeResult(double Ssme, IReadOnlyList<double> PerWindow)
{
    public int Windows => PerWindow.Count;
}

/// <summary>
/// Screen-space motion error (FlowFace, eq 15-17). Both meshes are projected to the image by the
/// caller; the screen-space flow of a vertex from frame t to t+h is its displacement. Then
/// EPE(t, h) = mean over the region's vertices of |f_pred - f_true| (eq 15),
/// SSME_h = mean over the frames t for which t+h exists (eq 16), SSME = mean over h = 1..N_H (eq 17).
/// </summary>
/// <remarks>
/// The paper rasterises the flows and averages over pixels of a region mask; here the flow is taken
/// at the vertices of a shared topology and the region is a vertex subset, optionally restricted per
/// frame t to the vertices visible in the ground truth.
/// </remarks>
internal static class Ssme
{
    /// <summary>Default N_H: 30 frames (one second at 30 fps), as in the paper.</summary>
    public const int DefaultMaxWindow = 30;

    /// <param name="truth">Per frame, the V projected true vertices as (x0, y0, x1, y1, ...).</param>
    /// <param name="predicted">Per frame, the V projected predicted vertices, same order.</param>
    /// <param name="region">Vertex indices of the region; all vertices when null.</param>
    /// <param name="maxWindow">N_H; windows longer than the sequence allows are left out.</param>
    /// <param name="visible">Optional per-frame visibility of each true vertex.</param>
    public static SsmeResult Compute(IReadOnlyList<double[]> truth, IReadOnlyList<double[]> predicted,
        IReadOnlyList<int>? region = null, int maxWindow = DefaultMaxWindow, IReadOnlyList<bool[]>? visible = null)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        int frames = truth.Count;
        if (predicted.Count != frames)
            throw new ArgumentException($"SSME: {predicted.Count} predicted frames but {frames} true frames");
        if (frames < 2)
            throw new ArgumentException("SSME needs at least two frames");
        if (maxWindow < 1)
            throw new ArgumentOutOfRangeException(nameof(maxWindow), maxWindow, "SSME: the window must be at least 1 frame");
        int length = truth[0].Length;
        if (length == 0 || length % 2 != 0)
            throw new ArgumentException("SSME: frames must hold (x, y) pairs");
        for (int t = 0; t < frames; t++)
            if (truth[t].Length != length || predicted[t].Length != length)
                throw new ArgumentException($"SSME: frame {t} does not have {length / 2} vertices in both sequences");
        if (visible is not null && (visible.Count != frames || visible.Any(v => v.Length != length / 2)))
            throw new ArgumentException("SSME: visibility must give one flag per vertex per frame");
        int[] vertices = region?.ToArray() ?? [.. Enumerable.Range(0, length / 2)];
        if (vertices.Length == 0 || vertices.Any(v => v < 0 || v >= length / 2))
            throw new ArgumentException($"SSME: the region is empty or has an index outside 0..{length / 2 - 1}");

        int windows = Math.Min(maxWindow, frames - 1);
        var perWindow = new List<double>(windows);
        for (int h = 1; h <= windows; h++)
        {
            double sum = 0;
            int used = 0;
            for (int t = 0; t + h < frames; t++)
            {
                double? epe = EndPointError(truth[t], truth[t + h], predicted[t], predicted[t + h], vertices, visible?[t]);
                if (epe is null) continue;
                sum += epe.Value;
                used++;
            }
            if (used > 0) perWindow.Add(sum / used);
            else break;
        }
        if (perWindow.Count == 0)
            throw new ArgumentException("SSME: no vertex of the region is visible in any frame");
        return new SsmeResult(perWindow.Average(), perWindow);
    }

    /// <summary>SSME for several named regions (e.g. face, eyes, nose, mouth, ears) over the same sequences.</summary>
    public static IReadOnlyDictionary<string, SsmeResult> ComputeRegions(IReadOnlyList<double[]> truth, IReadOnlyList<double[]> predicted,
        IReadOnlyDictionary<string, int[]> regions, int maxWindow = DefaultMaxWindow, IReadOnlyList<bool[]>? visible = null)
    {
        ArgumentNullException.ThrowIfNull(regions);
        return regions.ToDictionary(r => r.Key, r => Compute(truth, predicted, r.Value, maxWindow, visible));
    }

    // Eq 15 for one (t, h): mean end-point error of the flows over the (visible) region vertices.
    private static double? EndPointError(double[] g0, double[] g1, double[] p0, double[] p1, int[] vertices, bool[]? visible)
    {
        double sum = 0;
        int used = 0;
        foreach (int v in vertices)
        {
            if (visible is not null && !visible[v]) continue;
            int k = 2 * v;
            double dx = (p1[k] - p0[k]) - (g1[k] - g0[k]);
            double dy = (p1[k + 1] - p0[k + 1]) - (g1[k + 1] - g0[k + 1]);
            sum += Math.Sqrt(dx * dx + dy * dy);
            used++;
        }
        return used == 0 ? null : sum / used;
    }
}
