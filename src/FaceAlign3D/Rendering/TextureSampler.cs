using FaceAlign3D.Imaging;

namespace FaceAlign3D.Rendering;

/// <summary>Bilinear lookups in an 8-bit RGB image, clamped at the border; results are red, green, blue in [0, 1].</summary>
internal static class TextureSampler
{
    /// <summary>At texture coordinates: u runs left to right, v bottom to top, both in [0, 1].</summary>
    /// <exception cref="ArgumentException">the texture is not RGB8.</exception>
    public static void Bilinear(Image texture, float u, float v, Span<float> rgb) =>
        AtPixel(texture, Math.Clamp(float.IsFinite(u) ? u : 0, 0, 1) * (texture.Width - 1),
            (1 - Math.Clamp(float.IsFinite(v) ? v : 0, 0, 1)) * (texture.Height - 1), rgb);

    /// <summary>At pixel coordinates ((0, 0) = centre of the top-left pixel).</summary>
    /// <exception cref="ArgumentException">the image is not RGB8.</exception>
    public static void AtPixel(Image image, float x, float y, Span<float> rgb)
    {
        if (image.Format != PixelFormat.Rgb8)
            throw new ArgumentException($"textures must be RGB8, got {image.Format}", nameof(image));
        float fx = Math.Clamp(float.IsFinite(x) ? x : 0, 0, image.Width - 1);
        float fy = Math.Clamp(float.IsFinite(y) ? y : 0, 0, image.Height - 1);
        int x0 = (int)fx, y0 = (int)fy;
        int x1 = Math.Min(x0 + 1, image.Width - 1), y1 = Math.Min(y0 + 1, image.Height - 1);
        float ax = fx - x0, ay = fy - y0;
        var data = image.Data;
        int r0 = y0 * image.Stride, r1 = y1 * image.Stride;
        for (int c = 0; c < 3; c++)
        {
            float top = data[r0 + 3 * x0 + c] * (1 - ax) + data[r0 + 3 * x1 + c] * ax;
            float bottom = data[r1 + 3 * x0 + c] * (1 - ax) + data[r1 + 3 * x1 + c] * ax;
            rgb[c] = (top * (1 - ay) + bottom * ay) / 255f;
        }
    }

    /// <summary>
    /// As <see cref="AtPixel"/>, rounded back to bytes into <paramref name="rgb"/>, in fixed point (weights in 1/256
    /// steps): for resampling whole images, where it is several times quicker.
    /// </summary>
    /// <exception cref="ArgumentException">the image is not RGB8.</exception>
    public static void AtPixelRgb8(Image image, float x, float y, Span<byte> rgb)
    {
        if (image.Format != PixelFormat.Rgb8)
            throw new ArgumentException($"textures must be RGB8, got {image.Format}", nameof(image));
        float fx = Math.Clamp(float.IsFinite(x) ? x : 0, 0, image.Width - 1);
        float fy = Math.Clamp(float.IsFinite(y) ? y : 0, 0, image.Height - 1);
        int x0 = (int)fx, y0 = (int)fy;
        int x1 = Math.Min(x0 + 1, image.Width - 1), y1 = Math.Min(y0 + 1, image.Height - 1);
        int ax = (int)((fx - x0) * 256 + 0.5f), ay = (int)((fy - y0) * 256 + 0.5f);
        var data = image.Data;
        int a = y0 * image.Stride + 3 * x0, b = y0 * image.Stride + 3 * x1, c = y1 * image.Stride + 3 * x0, d = y1 * image.Stride + 3 * x1;
        for (int k = 0; k < 3; k++)
        {
            int top = data[a + k] * (256 - ax) + data[b + k] * ax;
            int bottom = data[c + k] * (256 - ax) + data[d + k] * ax;
            rgb[k] = (byte)((top * (256 - ay) + bottom * ay + 32768) >> 16);
        }
    }
}
