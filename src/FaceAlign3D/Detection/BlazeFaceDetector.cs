using System.Numerics;
using FaceAlign3D.Imaging;

namespace FaceAlign3D.Detection;

/// <summary>
/// BlazeFace short-range detector: the image is letterboxed into 128x128 (aspect kept, zero borders), fed as
/// NHWC RGB floats in [-1, 1], decoded by <see cref="BlazeFaceDecoder"/> and mapped back to image pixels.
/// The network returns regressors (896 x 16) and score logits (896), recognised by their sizes.
/// </summary>
public sealed class BlazeFaceDetector(NetworkFunction network, ImageResizer resizer) : IFaceDetector
{
    public const int InputSize = 128;

    public IReadOnlyList<FaceBox> Detect(Image image)
    {
        var (tensor, letterbox) = PrepareInput(image, resizer);
        var outputs = network(tensor, [1, InputSize, InputSize, 3]);
        var regressors = outputs.FirstOrDefault(o => o.Length == BlazeFaceDecoder.Anchors.Length / 4 * BlazeFaceDecoder.CoordinatesPerBox);
        var scores = outputs.FirstOrDefault(o => o.Length == BlazeFaceDecoder.Anchors.Length / 4);
        if (regressors is null || scores is null)
            throw new InvalidOperationException("BlazeFace: the network outputs are not 896x16 regressors and 896 scores");
        return BlazeFaceDecoder.Decode(regressors, scores).Select(letterbox.ToImage).ToList();
    }

    /// <summary>
    /// Where the image sits inside the square input: content size and offset in whole input pixels. MediaPipe
    /// letterboxes with a continuous transform; rounding the content to whole pixels moves it by at most half an
    /// input pixel, and <see cref="ToImage(Vector2)"/> uses the same rounded placement, so the mapping is consistent.
    /// </summary>
    public readonly record struct Letterbox(int ImageWidth, int ImageHeight, int ContentWidth, int ContentHeight, int OffsetX, int OffsetY)
    {
        public static Letterbox For(int imageWidth, int imageHeight)
        {
            double scale = (double)InputSize / Math.Max(imageWidth, imageHeight);
            int cw = Math.Clamp((int)Math.Round(imageWidth * scale), 1, InputSize);
            int ch = Math.Clamp((int)Math.Round(imageHeight * scale), 1, InputSize);
            return new Letterbox(imageWidth, imageHeight, cw, ch, (InputSize - cw) / 2, (InputSize - ch) / 2);
        }

        public Vector2 ToImage(Vector2 normalised) => new(
            (float)((normalised.X * InputSize - OffsetX) * ImageWidth / ContentWidth),
            (float)((normalised.Y * InputSize - OffsetY) * ImageHeight / ContentHeight));

        public FaceBox ToImage(FaceBox box)
        {
            var p1 = ToImage(new Vector2((float)box.Box.X1, (float)box.Box.Y1));
            var p2 = ToImage(new Vector2((float)box.Box.X2, (float)box.Box.Y2));
            return new FaceBox(new BoundingBox(p1.X, p1.Y, p2.X, p2.Y), box.Score, box.Keypoints?.Select(ToImage).ToArray());
        }
    }

    /// <summary>The NHWC [-1, 1] input tensor with the image letterboxed into it.</summary>
    public static (float[] Tensor, Letterbox Letterbox) PrepareInput(Image image, ImageResizer resizer)
    {
        if (image.Format is not (PixelFormat.Rgb8 or PixelFormat.Rgba8))
            throw new ArgumentException($"BlazeFace needs an RGB8 or RGBA8 image, got {image.Format}", nameof(image));
        var box = Letterbox.For(image.Width, image.Height);
        var content = image.Width == box.ContentWidth && image.Height == box.ContentHeight ? image : resizer(image, box.ContentWidth, box.ContentHeight);
        var tensor = new float[InputSize * InputSize * 3];
        Array.Fill(tensor, -1f); // zero border in [0, 255] maps to -1
        int bpp = content.BytesPerPixel;
        for (int y = 0; y < box.ContentHeight; y++)
        {
            var row = content.Row(y);
            int o = ((y + box.OffsetY) * InputSize + box.OffsetX) * 3;
            for (int x = 0; x < box.ContentWidth; x++)
                for (int c = 0; c < 3; c++)
                    tensor[o + 3 * x + c] = row[x * bpp + c] / 127.5f - 1f;
        }
        return (tensor, box);
    }
}
