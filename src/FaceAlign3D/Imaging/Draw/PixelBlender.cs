namespace FaceAlign3D.Imaging.Draw;

/// <summary>Writes one colour sample into an 8-bit image with "over" alpha compositing.</summary>
internal static class PixelBlender
{
    public static void RequireDrawable(Image image) => EightBitImages.Require(image, "draw");

    /// <summary>
    /// Blends colour (<paramref name="r"/>, <paramref name="g"/>, <paramref name="b"/> in 0..255) with opacity
    /// <paramref name="alpha"/> in 0..1 over pixel (x, y); pixels outside the image are ignored. Gray images take
    /// the colour's Rec.601 luma.
    /// </summary>
    public static void Blend(Image image, int x, int y, float r, float g, float b, float alpha)
    {
        if ((uint)x >= (uint)image.Width || (uint)y >= (uint)image.Height || !(alpha > 0))
            return;
        alpha = Math.Min(alpha, 1f);
        int cn = image.Channels;
        var pixel = image.Data.AsSpan(y * image.Stride + x * cn, cn);
        switch (image.Format)
        {
            case PixelFormat.Gray8:
                pixel[0] = Mix(pixel[0], 0.299f * r + 0.587f * g + 0.114f * b, alpha);
                break;
            case PixelFormat.Rgb8:
                pixel[0] = Mix(pixel[0], r, alpha);
                pixel[1] = Mix(pixel[1], g, alpha);
                pixel[2] = Mix(pixel[2], b, alpha);
                break;
            default:
                float below = pixel[3] / 255f;
                float outAlpha = alpha + below * (1 - alpha);
                float keep = below * (1 - alpha) / outAlpha;
                pixel[0] = ToByte(r * (alpha / outAlpha) + pixel[0] * keep);
                pixel[1] = ToByte(g * (alpha / outAlpha) + pixel[1] * keep);
                pixel[2] = ToByte(b * (alpha / outAlpha) + pixel[2] * keep);
                pixel[3] = ToByte(outAlpha * 255);
                break;
        }
    }

    public static void Blend(Image image, int x, int y, Color color, float coverage) =>
        Blend(image, x, y, color.R, color.G, color.B, color.A / 255f * coverage);

    private static byte Mix(byte below, float above, float alpha) => ToByte(below + (above - below) * alpha);

    private static byte ToByte(float v) => (byte)Math.Clamp((int)MathF.Round(v), 0, 255);
}
