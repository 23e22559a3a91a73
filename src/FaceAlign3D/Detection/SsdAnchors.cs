namespace FaceAlign3D.Detection;

/// <summary>Options of MediaPipe's SsdAnchorsCalculator (the non-multiscale path).</summary>
internal sealed record SsdAnchorOptions(
    int InputWidth,
    int InputHeight,
    double MinScale,
    double MaxScale,
    int[] Strides,
    double[] AspectRatios,
    double AnchorOffsetX = 0.5,
    double AnchorOffsetY = 0.5,
    bool FixedAnchorSize = false,
    double InterpolatedScaleAspectRatio = 1.0,
    bool ReduceBoxesInLowestLayer = false)
{
    /// <summary>face_detection_short_range (BlazeFace): 128x128, strides 8,16,16,16, unit-size anchors; 896 in all.</summary>
    public static SsdAnchorOptions FaceDetectionShortRange { get; } =
        new(128, 128, 0.1484375, 0.75, [8, 16, 16, 16], [1.0], FixedAnchorSize: true);
}

/// <summary>
/// SSD anchors as MediaPipe's SsdAnchorsCalculator generates them: consecutive layers with the same stride
/// share one grid and stack their anchors per cell (each layer contributes one anchor per aspect ratio plus an
/// interpolated-scale one), cells in row-major order. Output is (cx, cy, w, h) per anchor, normalised.
/// </summary>
internal static class SsdAnchors
{
    public static float[] Generate(SsdAnchorOptions o)
    {
        if (o.Strides.Length == 0 || o.InputWidth <= 0 || o.InputHeight <= 0)
            throw new ArgumentException("SSD anchors need strides and a positive input size", nameof(o));
        var anchors = new List<float>();
        int layer = 0;
        while (layer < o.Strides.Length)
        {
            var heights = new List<double>();
            var widths = new List<double>();
            int last = layer;
            while (last < o.Strides.Length && o.Strides[last] == o.Strides[layer])
            {
                double scale = Scale(o, last);
                var ratios = new List<double>();
                var scales = new List<double>();
                if (last == 0 && o.ReduceBoxesInLowestLayer)
                {
                    ratios.AddRange([1.0, 2.0, 0.5]);
                    scales.AddRange([0.1, scale, scale]);
                }
                else
                {
                    foreach (double r in o.AspectRatios) { ratios.Add(r); scales.Add(scale); }
                    if (o.InterpolatedScaleAspectRatio > 0)
                    {
                        double next = last == o.Strides.Length - 1 ? 1.0 : Scale(o, last + 1);
                        scales.Add(Math.Sqrt(scale * next));
                        ratios.Add(o.InterpolatedScaleAspectRatio);
                    }
                }
                for (int i = 0; i < ratios.Count; i++)
                {
                    double root = Math.Sqrt(ratios[i]);
                    heights.Add(scales[i] / root);
                    widths.Add(scales[i] * root);
                }
                last++;
            }

            int stride = o.Strides[layer];
            int rows = (int)Math.Ceiling((double)o.InputHeight / stride);
            int cols = (int)Math.Ceiling((double)o.InputWidth / stride);
            for (int y = 0; y < rows; y++)
                for (int x = 0; x < cols; x++)
                    for (int a = 0; a < heights.Count; a++)
                    {
                        anchors.Add((float)((x + o.AnchorOffsetX) / cols));
                        anchors.Add((float)((y + o.AnchorOffsetY) / rows));
                        anchors.Add(o.FixedAnchorSize ? 1f : (float)widths[a]);
                        anchors.Add(o.FixedAnchorSize ? 1f : (float)heights[a]);
                    }
            layer = last;
        }
        return anchors.ToArray();
    }

    private static double Scale(SsdAnchorOptions o, int index) =>
        o.Strides.Length == 1
            ? (o.MinScale + o.MaxScale) / 2
            : o.MinScale + (o.MaxScale - o.MinScale) * index / (o.Strides.Length - 1.0);
}
