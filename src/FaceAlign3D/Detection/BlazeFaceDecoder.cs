using System.Numerics;

namespace FaceAlign3D.Detection;

/// <summary>
/// Decodes BlazeFace (face_detection_short_range) outputs as MediaPipe's TensorsToDetectionsCalculator and
/// NonMaxSuppressionCalculator are configured for it: 896 rows of 16 regressors (box centre x, y, width,
/// height, then 6 keypoints x, y), all in input pixels relative to the anchor (divided by 128 and scaled by
/// the anchor size); scores are logits clipped to +-100 before the sigmoid; rows scoring at least 0.5 are kept
/// and merged by weighted NMS at IoU 0.3. Results are in normalised input coordinates [0, 1].
/// </summary>
internal static class BlazeFaceDecoder
{
    public const int CoordinatesPerBox = 16;
    public const int KeypointCount = 6;
    public const double Scale = 128;
    public const double ScoreClipping = 100;
    public const float MinScore = 0.5f;
    public const double NmsThreshold = 0.3;

    private static readonly Lazy<float[]> ShortRangeAnchors = new(() => SsdAnchors.Generate(SsdAnchorOptions.FaceDetectionShortRange));

    /// <summary>The 896 anchors of face_detection_short_range.</summary>
    public static ReadOnlySpan<float> Anchors => ShortRangeAnchors.Value;

    public static List<FaceBox> Decode(ReadOnlySpan<float> regressors, ReadOnlySpan<float> scores)
    {
        var anchors = Anchors;
        int count = anchors.Length / 4;
        if (regressors.Length != count * CoordinatesPerBox || scores.Length != count)
            throw new ArgumentException($"BlazeFace: expected {count}x{CoordinatesPerBox} regressors and {count} scores, got {regressors.Length} and {scores.Length}");
        var detections = new List<FaceBox>();
        for (int i = 0; i < count; i++)
        {
            if (float.IsNaN(scores[i]))
                continue;
            double logit = Math.Clamp(scores[i], -ScoreClipping, ScoreClipping);
            float score = (float)(1 / (1 + Math.Exp(-logit)));
            if (score < MinScore)
                continue;
            var r = regressors.Slice(i * CoordinatesPerBox, CoordinatesPerBox);
            var a = anchors.Slice(i * 4, 4);
            double cx = r[0] / Scale * a[2] + a[0];
            double cy = r[1] / Scale * a[3] + a[1];
            double w = r[2] / Scale * a[2];
            double h = r[3] / Scale * a[3];
            var keypoints = new Vector2[KeypointCount];
            for (int k = 0; k < KeypointCount; k++)
                keypoints[k] = new Vector2((float)(r[4 + 2 * k] / Scale * a[2] + a[0]), (float)(r[5 + 2 * k] / Scale * a[3] + a[1]));
            var box = new BoundingBox(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2);
            if (double.IsFinite(box.X1 + box.Y1 + box.X2 + box.Y2))
                detections.Add(new FaceBox(box, score, keypoints));
        }
        return Nms.Weighted(detections, NmsThreshold);
    }
}
