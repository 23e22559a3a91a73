using System.Numerics;
using FaceAlign3D.Imaging;

namespace FaceAlign3D.Detection;

/// <summary>
/// FaceBoxes as 3DDFA_V2 runs it (FaceBoxes/FaceBoxes.py): the image is scaled down to fit 720x1080, fed as
/// BGR minus (104, 117, 123) in NCHW; the network returns per-prior box regressions (N x 4) and softmaxed
/// face/background scores (N x 2). Boxes with a face score above 0.05 are decoded (variances 0.1, 0.2), the
/// best 5000 go through Fast R-CNN NMS at 0.3, at most 750 survive, and those scoring above 0.5 are reported.
/// With a minimum face size the image is scaled down further, so that a face of that size (box side in image
/// pixels) meets the network's smallest anchor: faster on large photos, blind to smaller faces.
/// </summary>
/// <param name="network">FaceBoxes: NCHW input to (boxes, scores).</param>
/// <param name="resizer">Scales the image to the network input size.</param>
/// <param name="minFaceSize">null: the original's input size (the 3DDFA_V2 parity setting).</param>
/// <param name="reportThreshold">the lowest score reported (3DDFA_V2: <see cref="ReportThreshold"/>).</param>
internal sealed class FaceBoxesDetector(NetworkFunction network, ImageResizer resizer, int? minFaceSize = null, float reportThreshold = FaceBoxesDetector.ReportThreshold) : IFaceDetector
{
    /// <summary>The side of the smallest FaceBoxes anchor, in network input pixels.</summary>
    public const int SmallestAnchor = 32;
    public const int MaxHeight = 720;
    public const int MaxWidth = 1080;
    public const double CenterVariance = 0.1;
    public const double SizeVariance = 0.2;
    public const float CandidateThreshold = 0.05f;
    public const int TopK = 5000;
    public const int KeepTopK = 750;
    public const double NmsThreshold = 0.3;
    public const float ReportThreshold = 0.5f;

    [ThreadStatic]
    private static float[]? t_input;

    public IReadOnlyList<FaceBox> Detect(Image image)
    {
        var (width, height, scale) = InputSize(image.Width, image.Height, minFaceSize);
        var input = width == image.Width && height == image.Height ? image : resizer(image, width, height);
        // One input tensor per thread, reused while the input size stays (a tracker's local checks all have one size).
        var tensor = t_input?.Length == 3 * width * height ? t_input : t_input = new float[3 * width * height];
        WriteInput(input, tensor);
        var outputs = network(tensor, [1, 3, height, width]);
        if (outputs.Count < 2)
            throw new InvalidOperationException($"FaceBoxes: the network returned {outputs.Count} outputs, expected 2 (boxes, scores)");
        return Postprocess(outputs[0], outputs[1], width, height, scale, reportThreshold);
    }

    /// <summary>
    /// The network input size for an image: scale = 720 / height when taller than 720, then reduced further when
    /// the width would exceed 1080; sizes truncated to integers as the original does. A minimum face size lowers
    /// the scale to <see cref="SmallestAnchor"/> / size, but not so far that the shorter side drops below one anchor.
    /// </summary>
    public static (int Width, int Height, double Scale) InputSize(int imageWidth, int imageHeight, int? minFaceSize = null)
    {
        if (imageWidth <= 0 || imageHeight <= 0)
            throw new ArgumentOutOfRangeException(nameof(imageWidth), $"image size must be positive, got {imageWidth}x{imageHeight}");
        if (minFaceSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(minFaceSize), $"the minimum face size must be positive, got {minFaceSize}");
        double scale = 1;
        if (imageHeight > MaxHeight)
            scale = (double)MaxHeight / imageHeight;
        if (imageWidth * scale > MaxWidth)
            scale *= MaxWidth / (imageWidth * scale);
        if (minFaceSize is int size)
            scale = Math.Min(scale, Math.Max((double)SmallestAnchor / size, (double)SmallestAnchor / Math.Min(imageWidth, imageHeight)));
        if (scale == 1)
            return (imageWidth, imageHeight, 1);
        return (Math.Max(1, (int)(scale * imageWidth)), Math.Max(1, (int)(scale * imageHeight)), scale);
    }

    /// <summary>NCHW float input: channels B, G, R with the per-channel mean subtracted.</summary>
    public static float[] PrepareInput(Image image)
    {
        var tensor = new float[ImageTensor.ElementCount(image)];
        WriteInput(image, tensor);
        return tensor;
    }

    /// <summary>As <see cref="PrepareInput"/>, into a caller's buffer of 3 x width x height floats.</summary>
    public static void WriteInput(Image image, Span<float> destination)
    {
        if (image.Format is not (PixelFormat.Rgb8 or PixelFormat.Rgba8))
            throw new ArgumentException($"FaceBoxes needs an RGB8 or RGBA8 image, got {image.Format}", nameof(image));
        ImageTensor.Write(image, destination, InputOptions);
    }

    private static readonly TensorOptions InputOptions = new TensorOptions { Order = ChannelOrder.Bgr, Layout = TensorLayout.Chw, Normalization = new TensorNormalization(new Vector3(104, 117, 123), Vector3.One) };

    /// <summary>
    /// Decodes raw outputs for an input of <paramref name="inputWidth"/> x <paramref name="inputHeight"/> and maps
    /// the boxes back to the original image by dividing by <paramref name="scale"/>.
    /// </summary>
    public static List<FaceBox> Postprocess(ReadOnlySpan<float> locations, ReadOnlySpan<float> scores, int inputWidth, int inputHeight, double scale,
        float reportThreshold = ReportThreshold)
    {
        var priors = FaceBoxesPriors.Generate(inputHeight, inputWidth);
        int count = priors.Length / 4;
        if (locations.Length != 4 * count || scores.Length != 2 * count)
            throw new ArgumentException($"FaceBoxes: {inputWidth}x{inputHeight} has {count} priors but the outputs hold {locations.Length / 4} boxes and {scores.Length / 2} scores");
        if (!(scale > 0))
            throw new ArgumentOutOfRangeException(nameof(scale), "scale must be positive");

        var candidates = new List<FaceBox>();
        for (int i = 0; i < count; i++)
        {
            float score = scores[2 * i + 1];
            if (!(score > CandidateThreshold))
                continue; // also drops NaN
            var box = SsdBoxCoder.Decode(locations.Slice(4 * i, 4), priors.AsSpan(4 * i, 4), CenterVariance, SizeVariance);
            if (!double.IsFinite(box.X1 + box.Y1 + box.X2 + box.Y2))
                continue;
            candidates.Add(new FaceBox(box.Scale(inputWidth / scale, inputHeight / scale), score));
        }
        var top = candidates.OrderByDescending(c => c.Score).Take(TopK).ToList();
        return Nms.Hard(top, NmsThreshold, OverlapConvention.PixelInclusive, KeepTopK)
            .Where(b => b.Score > reportThreshold)
            .ToList();
    }
}
