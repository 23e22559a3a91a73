using System.Numerics;
using FaceAlign3D.Imaging;

namespace FaceAlign3D.Detection;

/// <summary>
/// MediaPipe's ImageToTensorCalculator as its face graphs use it (GPU path): a rotated rectangle of the image is
/// sampled into a fixed-size tensor, output pixel (i, j) reading the image at the rectangle point
/// ((j + 0.5) / width, (i + 0.5) / height) with bilinear interpolation, and the 0..255 values are mapped linearly
/// onto [min, max]. The tensor is written planar (CHW, R, G, B), the layout of the NCHW graphs the TFLite reader
/// produces. Shared by the BlazeFace detector (letterbox) and the face mesh aligner (rotated face crop).
/// </summary>
internal static class BlazeFaceImageToTensor
{
    /// <summary>How samples outside the image are filled.</summary>
    public enum Border
    {
        /// <summary>Pixel value 0 (then mapped to min), as the detector's letterbox uses.</summary>
        Zero,
        /// <summary>The nearest edge pixel (MediaPipe's default, used by the landmark models).</summary>
        Replicate,
    }

    /// <summary>
    /// A rectangle in image pixels (this library's convention: (0, 0) is the centre of the top-left pixel), rotated
    /// by <paramref name="Rotation"/> radians about its centre; positive turns its x axis from image-right toward
    /// image-down, as MediaPipe's NormalizedRect.rotation.
    /// </summary>
    public readonly record struct Region(double CenterX, double CenterY, double Width, double Height, double Rotation)
    {
        /// <summary>The image point at normalised rectangle coordinates (u, v), (0, 0) the top-left corner, (1, 1) the bottom-right.</summary>
        public Vector2 ToImage(double u, double v)
        {
            double dx = (u - 0.5) * Width, dy = (v - 0.5) * Height;
            double c = Math.Cos(Rotation), s = Math.Sin(Rotation);
            return new Vector2((float)(CenterX + dx * c - dy * s), (float)(CenterY + dx * s + dy * c));
        }
    }

    /// <summary>Samples <paramref name="region"/> of an RGB8/RGBA8 image into a 3 x height x width tensor.</summary>
    public static float[] ToTensor(Image image, Region region, int width, int height, float min, float max, Border border)
    {
        if (image.Format is not (PixelFormat.Rgb8 or PixelFormat.Rgba8))
            throw new ArgumentException($"MediaPipe models need an RGB8 or RGBA8 image, got {image.Format}", nameof(image));
        if (width < 1 || height < 1)
            throw new ArgumentOutOfRangeException(nameof(width), $"tensor size {width}x{height} must be positive");
        if (!double.IsFinite(region.CenterX + region.CenterY + region.Width + region.Height + region.Rotation) || region.Width <= 0 || region.Height <= 0)
            throw new ArgumentException($"region {region} must be finite with a positive size", nameof(region));
        int plane = width * height, bpp = image.BytesPerPixel, w = image.Width, h = image.Height, stride = image.Stride;
        ReadOnlySpan<byte> data = image.Data;
        var tensor = new float[3 * plane];
        float scale = (max - min) / 255f;
        double c = Math.Cos(region.Rotation), s = Math.Sin(region.Rotation);
        double stepX = region.Width / width, stepY = region.Height / height;
        for (int i = 0; i < height; i++)
        {
            double dy = (i + 0.5) * stepY - region.Height / 2;
            // Walking along an output row moves the sample by (c, s) * stepX in the image.
            double dx0 = 0.5 * stepX - region.Width / 2;
            double x = region.CenterX + dx0 * c - dy * s, y = region.CenterY + dx0 * s + dy * c;
            double ix = stepX * c, iy = stepX * s;
            for (int j = 0; j < width; j++, x += ix, y += iy)
            {
                int o = i * width + j;
                if (border == Border.Zero && (x < -0.5 || y < -0.5 || x > w - 0.5 || y > h - 0.5))
                {
                    tensor[o] = tensor[plane + o] = tensor[2 * plane + o] = min;
                    continue;
                }
                // Bilinear between the four nearest pixel centres, clamped to the image (edge replication).
                double fx = Math.Floor(x), fy = Math.Floor(y);
                float ax = (float)(x - fx), ay = (float)(y - fy);
                int x0 = Clamp(fx, w) * bpp, x1 = Clamp(fx + 1, w) * bpp, r0 = Clamp(fy, h) * stride, r1 = Clamp(fy + 1, h) * stride;
                for (int k = 0; k < 3; k++)
                {
                    float p00 = data[r0 + x0 + k], p01 = data[r0 + x1 + k], p10 = data[r1 + x0 + k], p11 = data[r1 + x1 + k];
                    float top = p00 + (p01 - p00) * ax, bottom = p10 + (p11 - p10) * ax;
                    tensor[k * plane + o] = min + (top + (bottom - top) * ay) * scale;
                }
            }
        }
        return tensor;
    }

    private static int Clamp(double v, int size) => (int)Math.Clamp(v, 0, size - 1);
}
