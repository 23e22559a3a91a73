using FaceAlign3D.Imaging;

namespace FaceAlign3D.Detection;

/// <summary>
/// MediaPipe's short-range face detector (face_detection_short_range.tflite, BlazeFace) with the front end of its
/// graph: the whole image, padded to a centred square (keep-aspect letterbox, zero border), is sampled into
/// 128x128 RGB in [-1, 1]; the outputs are decoded by <see cref="BlazeFaceDecoder"/> (sigmoid of clipped scores,
/// minimum 0.5, weighted NMS at IoU 0.3) and mapped back through the letterbox to image pixels. Keypoints are
/// right eye, left eye, nose tip, mouth centre, right and left ear tragion, from the subject's point of view.
/// The network takes an NCHW [1, 3, 128, 128] tensor (see TfLiteModelReader) and returns the regressors
/// (896 x 16) and score logits (896), recognised by their sizes.
/// </summary>
internal sealed class BlazeFaceDetector(NetworkFunction network) : IFaceDetector
{
    public const int InputSize = 128;

    public IReadOnlyList<FaceBox> Detect(Image image)
    {
        var region = Letterbox(image.Width, image.Height);
        var outputs = network(PrepareInput(image), [1, 3, InputSize, InputSize]);
        int anchors = BlazeFaceDecoder.Anchors.Length / 4;
        var regressors = outputs.FirstOrDefault(o => o.Length == anchors * BlazeFaceDecoder.CoordinatesPerBox);
        var scores = outputs.FirstOrDefault(o => o.Length == anchors);
        if (regressors is null || scores is null)
            throw new InvalidOperationException("BlazeFace: the network outputs are not 896x16 regressors and 896 scores");
        return BlazeFaceDecoder.Decode(regressors, scores).Select(face => ToImage(face, region)).ToList();
    }

    /// <summary>The square, centred on the image, whose side is the image's longer side: the letterboxed input region.</summary>
    public static BlazeFaceImageToTensor.Region Letterbox(int imageWidth, int imageHeight)
    {
        if (imageWidth < 1 || imageHeight < 1)
            throw new ArgumentException($"BlazeFace: image size {imageWidth}x{imageHeight} must be positive");
        int side = Math.Max(imageWidth, imageHeight);
        return new((imageWidth - 1) / 2.0, (imageHeight - 1) / 2.0, side, side, 0);
    }

    /// <summary>The NCHW [-1, 1] input tensor with the image letterboxed into it.</summary>
    public static float[] PrepareInput(Image image) =>
        BlazeFaceImageToTensor.ToTensor(image, Letterbox(image.Width, image.Height), InputSize, InputSize, -1f, 1f, BlazeFaceImageToTensor.Border.Zero);

    /// <summary>A detection in normalised input coordinates mapped to image pixels.</summary>
    public static FaceBox ToImage(FaceBox face, BlazeFaceImageToTensor.Region letterbox)
    {
        var p1 = letterbox.ToImage(face.Box.X1, face.Box.Y1);
        var p2 = letterbox.ToImage(face.Box.X2, face.Box.Y2);
        return new FaceBox(new BoundingBox(p1.X, p1.Y, p2.X, p2.Y), face.Score, face.Keypoints?.Select(k => letterbox.ToImage(k.X, k.Y)).ToArray());
    }
}
