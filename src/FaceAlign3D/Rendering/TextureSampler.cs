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
}
