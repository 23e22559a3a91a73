namespace FaceAlign3D.Imaging;

/// <summary>
/// Affine warping of 8-bit images with bilinear sampling and a constant border, following cv2.warpAffine
/// (INTER_LINEAR, BORDER_CONSTANT): source positions are quantised to 1/32 pixel and weighted in 15-bit fixed point.
/// </summary>
internal static class ImageWarp
{
    private const int CoordinateBits = 10;   // OpenCV's AB_BITS
    private const int SubpixelBits = 5;      // OpenCV's INTER_BITS: positions snap to 1/32 pixel
    private const int SubpixelSteps = 1 << SubpixelBits;
    private const int WeightBits = 15;       // OpenCV's INTER_REMAP_COEF_BITS

    /// <summary>
    /// Warps <paramref name="source"/> into a <paramref name="width"/> x <paramref name="height"/> image with a matrix that
    /// maps source pixels to destination pixels (cv2.warpAffine's default). Destination pixels whose source
    /// neighbourhood leaves the image blend with <paramref name="border"/> (one value per channel; zeros when empty).
    /// </summary>
    public static Image Affine(Image source, AffineMatrix sourceToDestination, int width, int height, ReadOnlySpan<byte> border = default)
        => AffineInverse(source, sourceToDestination.Invert(), width, height, border);

    /// <summary>As <see cref="Affine"/>, with a matrix mapping destination pixels to source pixels (WARP_INVERSE_MAP).</summary>
    public static Image AffineInverse(Image source, AffineMatrix destinationToSource, int width, int height, ReadOnlySpan<byte> border = default)
    {
        EightBitImages.Require(source, "warp");
        EightBitImages.RequireSize(width, height, "warp");
        if (!destinationToSource.IsFinite)
            throw new ArgumentException($"warp: matrix {destinationToSource} has a non-finite entry", nameof(destinationToSource));
        int cn = source.Channels;
        if (!border.IsEmpty && border.Length != cn)
            throw new ArgumentException($"warp: border has {border.Length} values but the image has {cn} channels", nameof(border));
        Span<byte> borderValue = stackalloc byte[4];
        border.CopyTo(borderValue);

        var result = new Image(width, height, source.Format);
        var m = destinationToSource;
        const double scale = 1 << CoordinateBits;
        const long roundDelta = (1 << CoordinateBits) / SubpixelSteps / 2;
        var stepX = new long[width];
        var stepY = new long[width];
        for (int x = 0; x < width; x++)
        {
            stepX[x] = RoundToLong(m.M00 * x * scale);
            stepY[x] = RoundToLong(m.M10 * x * scale);
        }
        int sw = source.Width, sh = source.Height, stride = source.Stride;
        byte[] data = source.Data;
        for (int y = 0; y < height; y++)
        {
            long x0 = RoundToLong((m.M01 * y + m.M02) * scale) + roundDelta;
            long y0 = RoundToLong((m.M11 * y + m.M12) * scale) + roundDelta;
            var row = result.Row(y);
            for (int x = 0; x < width; x++)
            {
                long fixedX = (x0 + stepX[x]) >> (CoordinateBits - SubpixelBits);
                long fixedY = (y0 + stepY[x]) >> (CoordinateBits - SubpixelBits);
                long sx = fixedX >> SubpixelBits, sy = fixedY >> SubpixelBits;
                int fx = (int)(fixedX & (SubpixelSteps - 1)), fy = (int)(fixedY & (SubpixelSteps - 1));
                // Bilinear weights in units of 2^-15; they sum to exactly 2^15.
                int w00 = (SubpixelSteps - fx) * (SubpixelSteps - fy) << SubpixelBits;
                int w01 = fx * (SubpixelSteps - fy) << SubpixelBits;
                int w10 = (SubpixelSteps - fx) * fy << SubpixelBits;
                int w11 = fx * fy << SubpixelBits;
                var output = row.Slice(x * cn, cn);
                if (sx >= 0 && sy >= 0 && sx < sw - 1 && sy < sh - 1)
                {
                    int p = (int)sy * stride + (int)sx * cn;
                    for (int k = 0; k < cn; k++)
                    {
                        int v = data[p + k] * w00 + data[p + cn + k] * w01 + data[p + stride + k] * w10 + data[p + stride + cn + k] * w11;
                        output[k] = (byte)((v + (1 << (WeightBits - 1))) >> WeightBits);
                    }
                }
                else if (sx >= sw || sx + 1 < 0 || sy >= sh || sy + 1 < 0)
                {
                    borderValue[..cn].CopyTo(output);
                }
                else
                {
                    for (int k = 0; k < cn; k++)
                    {
                        int v = Sample(source, sx, sy, k, borderValue) * w00 + Sample(source, sx + 1, sy, k, borderValue) * w01
                              + Sample(source, sx, sy + 1, k, borderValue) * w10 + Sample(source, sx + 1, sy + 1, k, borderValue) * w11;
                        output[k] = (byte)((v + (1 << (WeightBits - 1))) >> WeightBits);
                    }
                }
            }
        }
        return result;
    }

    private static int Sample(Image image, long x, long y, int channel, ReadOnlySpan<byte> border) =>
        x >= 0 && y >= 0 && x < image.Width && y < image.Height
            ? image.Data[(int)y * image.Stride + (int)x * image.Channels + channel]
            : border[channel];

    /// <summary>OpenCV's saturate_cast&lt;int&gt;(double): round half to even, clamped to the int range.</summary>
    private static long RoundToLong(double v) => (long)Math.Clamp(Math.Round(v, MidpointRounding.ToEven), int.MinValue, int.MaxValue);
}
