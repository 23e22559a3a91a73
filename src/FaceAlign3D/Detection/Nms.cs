namespace FaceAlign3D.Detection;

/// <summary>How box overlap is measured by <see cref="Nms.Hard"/>.</summary>
internal enum OverlapConvention
{
    /// <summary>Continuous areas; a box is suppressed when its IoU with a kept box is above the threshold (UltraLight, MediaPipe).</summary>
    Continuous,

    /// <summary>
    /// Fast R-CNN's cpu_nms, used by FaceBoxes/3DDFA_V2: widths and heights count pixels inclusively (x2 - x1 + 1)
    /// and a box is suppressed when its IoU reaches the threshold.
    /// </summary>
    PixelInclusive,
}

/// <summary>Non-maximum suppression over face boxes.</summary>
internal static class Nms
{
    /// <summary>
    /// Greedy hard NMS: visits boxes best score first and drops every later box overlapping a kept one.
    /// Returns at most <paramref name="maxCount"/> boxes, best first.
    /// </summary>
    public static List<FaceBox> Hard(IReadOnlyList<FaceBox> boxes, double iouThreshold,
        OverlapConvention convention = OverlapConvention.Continuous, int maxCount = int.MaxValue)
    {
        var order = ByScore(boxes);
        var suppressed = new bool[order.Length];
        var kept = new List<FaceBox>();
        for (int i = 0; i < order.Length && kept.Count < maxCount; i++)
        {
            if (suppressed[i])
                continue;
            var current = boxes[order[i]].Box;
            kept.Add(boxes[order[i]]);
            for (int j = i + 1; j < order.Length; j++)
            {
                if (suppressed[j])
                    continue;
                var other = boxes[order[j]].Box;
                suppressed[j] = convention == OverlapConvention.PixelInclusive
                    ? InclusiveIou(current, other) >= iouThreshold
                    : current.IntersectionOverUnion(other) > iouThreshold;
            }
        }
        return kept;
    }

    /// <summary>
    /// MediaPipe's weighted NMS: the best remaining box and every remaining box overlapping it by more than the
    /// threshold (itself included) are merged into one whose corners and keypoints are the score-weighted mean;
    /// the merged box keeps the best score. Repeats on the boxes left over.
    /// </summary>
    public static List<FaceBox> Weighted(IReadOnlyList<FaceBox> boxes, double iouThreshold)
    {
        var remaining = ByScore(boxes).Select(i => boxes[i]).ToList();
        var result = new List<FaceBox>();
        while (remaining.Count > 0)
        {
            var best = remaining[0];
            var cluster = new List<FaceBox>();
            var rest = new List<FaceBox>();
            foreach (var b in remaining)
                (b.Box.IntersectionOverUnion(best.Box) > iouThreshold ? cluster : rest).Add(b);
            result.Add(cluster.Count > 0 ? Merge(best, cluster) : best);
            if (rest.Count == remaining.Count)
                break; // the best box does not overlap itself (empty box): stop as MediaPipe does
            remaining = rest;
        }
        return result;
    }

    private static FaceBox Merge(FaceBox best, List<FaceBox> cluster)
    {
        double total = 0, x1 = 0, y1 = 0, x2 = 0, y2 = 0;
        int keypointCount = best.Keypoints?.Count ?? 0;
        var kx = new double[keypointCount];
        var ky = new double[keypointCount];
        foreach (var c in cluster)
        {
            double s = c.Score;
            total += s;
            x1 += c.Box.X1 * s; y1 += c.Box.Y1 * s; x2 += c.Box.X2 * s; y2 += c.Box.Y2 * s;
            for (int k = 0; k < keypointCount && c.Keypoints is not null && k < c.Keypoints.Count; k++)
            {
                kx[k] += c.Keypoints[k].X * s;
                ky[k] += c.Keypoints[k].Y * s;
            }
        }
        if (!(total > 0))
            return best;
        var keypoints = keypointCount == 0 ? null
            : Enumerable.Range(0, keypointCount).Select(k => new System.Numerics.Vector2((float)(kx[k] / total), (float)(ky[k] / total))).ToArray();
        return new FaceBox(new BoundingBox(x1 / total, y1 / total, x2 / total, y2 / total), best.Score, keypoints);
    }

    private static double InclusiveIou(BoundingBox a, BoundingBox b)
    {
        double w = Math.Max(0, Math.Min(a.X2, b.X2) - Math.Max(a.X1, b.X1) + 1);
        double h = Math.Max(0, Math.Min(a.Y2, b.Y2) - Math.Max(a.Y1, b.Y1) + 1);
        double inter = w * h;
        double areaA = (a.X2 - a.X1 + 1) * (a.Y2 - a.Y1 + 1);
        double areaB = (b.X2 - b.X1 + 1) * (b.Y2 - b.Y1 + 1);
        return inter / (areaA + areaB - inter);
    }

    /// <summary>Indices sorted by descending score; equal scores keep their input order.</summary>
    private static int[] ByScore(IReadOnlyList<FaceBox> boxes) =>
        Enumerable.Range(0, boxes.Count).OrderByDescending(i => boxes[i].Score).ToArray();
}
