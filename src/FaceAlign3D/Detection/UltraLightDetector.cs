using FaceAlign3D.Imaging;

namespace FaceAlign3D.Detection;

/// <summary>
/// The Ultra-Light-Fast-Generic-Face-Detector (version-RFB-320 / -640 ONNX exports). The image is resized to
/// the fixed input (320x240 or 640x480, aspect not kept) and fed as RGB, (x - 127) / 128, NCHW. The exports end
/// with the decoding head, so the outputs are softmaxed scores (N x 2) and corner boxes normalised to the input
/// (N x 4). Boxes scoring above <see cref="ScoreThreshold"/> go through hard NMS (IoU 0.3, best 200 candidates).
/// </summary>
internal sealed class UltraLightDetector(NetworkFunction network, ImageResizer resizer, int inputWidth = 320, int inputHeight = 240) : IFaceDetector
{
    public const double CenterVariance = 0.1;
    public const double SizeVariance = 0.2;
    public const double NmsThreshold = 0.3;
    public const int CandidateCount = 200;

    /// <summary>The score threshold of the upstream demo scripts.</summary>
    public float ScoreThreshold { get; init; } = 0.7f;

    public IReadOnlyList<FaceBox> Detect(Image image)
    {
        var resized = resizer(image, inputWidth, inputHeight);
        var outputs = network(PrepareInput(resized), [1, 3, inputHeight, inputWidth]);
        if (outputs.Count < 2)
            throw new InvalidOperationException($"UltraLight: the network returned {outputs.Count} outputs, expected 2 (scores, boxes)");
        return Postprocess(outputs[0], outputs[1], image.Width, image.Height, ScoreThreshold);
    }

    /// <summary>NCHW float input: R, G, B planes, (x - 127) / 128.</summary>
    public static float[] PrepareInput(Image image)
    {
        if (image.Format is not (PixelFormat.Rgb8 or PixelFormat.Rgba8))
            throw new ArgumentException($"UltraLight needs an RGB8 or RGBA8 image, got {image.Format}", nameof(image));
        return ImageTensor.ToArray(image, InputOptions);
    }

    private static readonly TensorOptions InputOptions = new TensorOptions { Order = ChannelOrder.Rgb, Layout = TensorLayout.Chw, Normalization = TensorNormalization.Uniform(127f, 1f / 128) };

    /// <summary>
    /// Corner boxes from raw per-prior regressions, for exports that stop before the decoding head.
    /// </summary>
    public static float[] DecodeLocations(ReadOnlySpan<float> locations, int inputWidth, int inputHeight)
    {
        var priors = UltraLightPriors.Generate(inputWidth, inputHeight);
        if (locations.Length != priors.Length)
            throw new ArgumentException($"UltraLight: {inputWidth}x{inputHeight} has {priors.Length / 4} priors but the regressions hold {locations.Length / 4}");
        var boxes = new float[priors.Length];
        for (int i = 0; i < priors.Length; i += 4)
        {
            var b = SsdBoxCoder.Decode(locations.Slice(i, 4), priors.AsSpan(i, 4), CenterVariance, SizeVariance);
            boxes[i] = (float)b.X1; boxes[i + 1] = (float)b.Y1; boxes[i + 2] = (float)b.X2; boxes[i + 3] = (float)b.Y2;
        }
        return boxes;
    }

    /// <summary>Filters, suppresses and scales normalised corner boxes to an image of the given size.</summary>
    public static List<FaceBox> Postprocess(ReadOnlySpan<float> scores, ReadOnlySpan<float> boxes, int imageWidth, int imageHeight, float scoreThreshold)
    {
        int count = boxes.Length / 4;
        if (boxes.Length % 4 != 0 || scores.Length != 2 * count)
            throw new ArgumentException($"UltraLight: {count} boxes but {scores.Length / 2.0} score pairs");
        var candidates = new List<FaceBox>();
        for (int i = 0; i < count; i++)
        {
            float score = scores[2 * i + 1];
            if (!(score > scoreThreshold))
                continue;
            var b = new BoundingBox(boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3]);
            if (!double.IsFinite(b.X1 + b.Y1 + b.X2 + b.Y2))
                continue;
            candidates.Add(new FaceBox(b.Scale(imageWidth, imageHeight), score));
        }
        var best = candidates.OrderByDescending(c => c.Score).Take(CandidateCount).ToList();
        return Nms.Hard(best, NmsThreshold);
    }
}
