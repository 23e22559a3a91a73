using FaceAlign3D.Imaging;

namespace FaceAlign3D.Rendering;

/// <summary>Bilinear lookup in an 8-bit RGB texture; u runs left to right, v bottom to top, both in [0, 1] (clamped at the border).</summary>
public static class TextureSampler
{
    /// <summary>Writes red, green, blue in [0, 1].</summary>
    /// <exception cref="ArgumentException">the texture is not RGB8.</exception>
    public static void Bilinear(Image texture, float u, float v, Span<float> rgb)
    {
        if (texture.Format != PixelFormat.Rgb8)
            throw new ArgumentException($"textures must be RGB8, got {texture.Format}", nameof(texture));
        float fx = Math.Clamp(float.IsFinite(u) ? u : 0, 0, 1) * (texture.Width - 1);
        float fy = (1 - Math.Clamp(float.IsFinite(v) ? v : 0, 0, 1)) * (texture.Height - 1);
        int x0 = Math.Min((int)fx, texture.Width - 1), y0 = Math.Min((int)fy, texture.Height - 1);
        int x1 = Math.Min(x0 + 1, texture.Width - 1), y1 = Math.Min(y0 + 1, texture.Height - 1);
        float ax = fx - x0, ay = fy - y0;
        var data = texture.Data;
        int r0 = y0 * texture.Stride, r1 = y1 * texture.Stride;
        for (int c = 0; c < 3; c++)
        {
            float top = data[r0 + 3 * x0 + c] * (1 - ax) + data[r0 + 3 * x1 + c] * ax;
            float bottom = data[r1 + 3 * x0 + c] * (1 - ax) + data[r1 + 3 * x1 + c] * ax;
            rgb[c] = (top * (1 - ay) + bottom * ay) / 255f;
        }
    }
}
