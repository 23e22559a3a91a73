namespace FaceAlign3D.Imaging.Codecs.Jpeg;

/// <summary>
/// Converts full-resolution component rows to output pixels: libjpeg's fixed-point YCbCr->RGB (jdcolor.c,
/// 16 fractional bits, tables indexed by the chroma sample), its YCCK->CMYK, and OpenCV's CMYK->RGB
/// (imgcodecs utils: channel = k - ((255 - c) * k >> 8) on Adobe's inverted CMYK).
/// </summary>
internal static class JpegColorConverter
{
    private const int ScaleBits = 16;
    private const int OneHalf = 1 << (ScaleBits - 1);

    private static readonly int[] CrToR = new int[256];
    private static readonly int[] CbToB = new int[256];
    private static readonly int[] CrToG = new int[256];
    private static readonly int[] CbToG = new int[256];

    static JpegColorConverter()
    {
        static int Fix(double x) => (int)(x * (1 << ScaleBits) + 0.5);
        for (int i = 0; i < 256; i++)
        {
            int x = i - 128;
            CrToR[i] = (Fix(1.40200) * x + OneHalf) >> ScaleBits;
            CbToB[i] = (Fix(1.77200) * x + OneHalf) >> ScaleBits;
            CrToG[i] = -Fix(0.71414) * x;
            CbToG[i] = -Fix(0.34414) * x + OneHalf;
        }
    }

    private static byte Clamp(int v) => (byte)Math.Clamp(v, 0, 255);

    public static void YCbCrToRgb(ReadOnlySpan<byte> y, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<byte> rgb)
    {
        int width = rgb.Length / 3;
        y = y[..width];
        cb = cb[..width];
        cr = cr[..width];
        int[] crToR = CrToR, cbToB = CbToB, crToG = CrToG, cbToG = CbToG;
        for (int i = 0; i < y.Length; i++)
        {
            int luma = y[i], b = cb[i], r = cr[i];
            rgb[3 * i] = Clamp(luma + crToR[r]);
            rgb[3 * i + 1] = Clamp(luma + ((cbToG[b] + crToG[r]) >> ScaleBits));
            rgb[3 * i + 2] = Clamp(luma + cbToB[b]);
        }
    }

    public static void InterleaveRgb(ReadOnlySpan<byte> r, ReadOnlySpan<byte> g, ReadOnlySpan<byte> b, Span<byte> rgb)
    {
        int width = rgb.Length / 3;
        for (int i = 0; i < width; i++)
        {
            rgb[3 * i] = r[i];
            rgb[3 * i + 1] = g[i];
            rgb[3 * i + 2] = b[i];
        }
    }

    /// <summary>
    /// Four component rows to RGB. With <paramref name="ycck"/> the first three rows hold YCbCr of the (inverted)
    /// C, M, Y (Adobe transform 2) and are first turned back into CMY as libjpeg does.
    /// </summary>
    public static void CmykToRgb(ReadOnlySpan<byte> c0, ReadOnlySpan<byte> c1, ReadOnlySpan<byte> c2, ReadOnlySpan<byte> k,
        bool ycck, Span<byte> rgb)
    {
        int width = rgb.Length / 3;
        for (int i = 0; i < width; i++)
        {
            int c, m, ye;
            if (ycck)
            {
                int luma = c0[i], cb = c1[i], cr = c2[i];
                c = 255 - Clamp(luma + CrToR[cr]);
                m = 255 - Clamp(luma + ((CbToG[cb] + CrToG[cr]) >> ScaleBits));
                ye = 255 - Clamp(luma + CbToB[cb]);
            }
            else
            {
                c = c0[i];
                m = c1[i];
                ye = c2[i];
            }
            int kk = k[i];
            rgb[3 * i] = (byte)(kk - ((255 - c) * kk >> 8));
            rgb[3 * i + 1] = (byte)(kk - ((255 - m) * kk >> 8));
            rgb[3 * i + 2] = (byte)(kk - ((255 - ye) * kk >> 8));
        }
    }
}
