using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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

    private static int Fix(double x) => (int)(x * (1 << ScaleBits) + 0.5);

    static JpegColorConverter()
    {
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

    /// <summary>Clamp to 0..255 by lookup: index v + <see cref="ClampOffset"/> for v in [-256, 767].</summary>
    private static readonly byte[] ClampTable = CreateClampTable();
    private const int ClampOffset = 256;

    private static byte[] CreateClampTable()
    {
        var table = new byte[1024];
        for (int i = 0; i < table.Length; i++)
            table[i] = (byte)Math.Clamp(i - ClampOffset, 0, 255);
        return table;
    }

    public static unsafe void YCbCrToRgb(ReadOnlySpan<byte> y, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<byte> rgb)
    {
        int width = rgb.Length / 3;
        if (y.Length < width || cb.Length < width || cr.Length < width)
            throw new ArgumentException("component rows are shorter than the output row");
        fixed (byte* py = y, pcb = cb, pcr = cr, pout = rgb, clamp = ClampTable)
        fixed (int* crToR = CrToR, cbToB = CbToB, crToG = CrToG, cbToG = CbToG)
        {
            int i = Avx2.IsSupported ? YCbCrToRgbAvx2(py, pcb, pcr, pout, width) : 0;
            byte* limit = clamp + ClampOffset;
            byte* o = pout + 3 * i;
            for (; i < width; i++, o += 3)
            {
                int luma = py[i], b = pcb[i], r = pcr[i];
                o[0] = limit[luma + crToR[r]];
                o[1] = limit[luma + ((cbToG[b] + crToG[r]) >> ScaleBits)];
                o[2] = limit[luma + cbToB[b]];
            }
        }
    }

    /// <summary>
    /// 16 pixels per step with the table formulas evaluated in 32-bit lanes (same integers as the tables);
    /// returns the number of pixels done. Needs 16 readable bytes past each processed group, so stops early.
    /// </summary>
    private static unsafe int YCbCrToRgbAvx2(byte* y, byte* cb, byte* cr, byte* rgb, int width)
    {
        var half = Vector256.Create(OneHalf);
        var fixR = Vector256.Create(Fix(1.40200));
        var fixB = Vector256.Create(Fix(1.77200));
        var fixGb = Vector256.Create(-Fix(0.34414));
        var fixGr = Vector256.Create(-Fix(0.71414));
        var center = Vector256.Create(128);
        var m0r = Vector128.Create((byte)0, 0x80, 0x80, 1, 0x80, 0x80, 2, 0x80, 0x80, 3, 0x80, 0x80, 4, 0x80, 0x80, 5);
        var m0g = Vector128.Create((byte)0x80, 0, 0x80, 0x80, 1, 0x80, 0x80, 2, 0x80, 0x80, 3, 0x80, 0x80, 4, 0x80, 0x80);
        var m0b = Vector128.Create((byte)0x80, 0x80, 0, 0x80, 0x80, 1, 0x80, 0x80, 2, 0x80, 0x80, 3, 0x80, 0x80, 4, 0x80);
        var m1r = Vector128.Create((byte)0x80, 0x80, 6, 0x80, 0x80, 7, 0x80, 0x80, 8, 0x80, 0x80, 9, 0x80, 0x80, 10, 0x80);
        var m1g = Vector128.Create((byte)5, 0x80, 0x80, 6, 0x80, 0x80, 7, 0x80, 0x80, 8, 0x80, 0x80, 9, 0x80, 0x80, 10);
        var m1b = Vector128.Create((byte)0x80, 5, 0x80, 0x80, 6, 0x80, 0x80, 7, 0x80, 0x80, 8, 0x80, 0x80, 9, 0x80, 0x80);
        var m2r = Vector128.Create((byte)0x80, 11, 0x80, 0x80, 12, 0x80, 0x80, 13, 0x80, 0x80, 14, 0x80, 0x80, 15, 0x80, 0x80);
        var m2g = Vector128.Create((byte)0x80, 0x80, 11, 0x80, 0x80, 12, 0x80, 0x80, 13, 0x80, 0x80, 14, 0x80, 0x80, 15, 0x80);
        var m2b = Vector128.Create((byte)10, 0x80, 0x80, 11, 0x80, 0x80, 12, 0x80, 0x80, 13, 0x80, 0x80, 14, 0x80, 0x80, 15);

        int i = 0;
        for (; i + 16 <= width; i += 16)
        {
            var (r0, g0, b0) = Convert8(y + i, cb + i, cr + i);
            var (r1, g1, b1) = Convert8(y + i + 8, cb + i + 8, cr + i + 8);
            var r = PackBytes(r0, r1);
            var g = PackBytes(g0, g1);
            var b = PackBytes(b0, b1);
            byte* o = rgb + 3 * i;
            (Ssse3.Shuffle(r, m0r) | Ssse3.Shuffle(g, m0g) | Ssse3.Shuffle(b, m0b)).Store(o);
            (Ssse3.Shuffle(r, m1r) | Ssse3.Shuffle(g, m1g) | Ssse3.Shuffle(b, m1b)).Store(o + 16);
            (Ssse3.Shuffle(r, m2r) | Ssse3.Shuffle(g, m2g) | Ssse3.Shuffle(b, m2b)).Store(o + 32);
        }
        return i;

        (Vector256<int> R, Vector256<int> G, Vector256<int> B) Convert8(byte* py, byte* pcb, byte* pcr)
        {
            var luma = Avx2.ConvertToVector256Int32(py);
            var xb = Avx2.ConvertToVector256Int32(pcb) - center;
            var xr = Avx2.ConvertToVector256Int32(pcr) - center;
            var r = luma + Vector256.ShiftRightArithmetic(xr * fixR + half, ScaleBits);
            var g = luma + Vector256.ShiftRightArithmetic(xb * fixGb + half + xr * fixGr, ScaleBits);
            var b = luma + Vector256.ShiftRightArithmetic(xb * fixB + half, ScaleBits);
            return (r, g, b);
        }
    }

    /// <summary>Two vectors of eight ints to 16 bytes, saturating to 0..255, in order.</summary>
    private static Vector128<byte> PackBytes(Vector256<int> a, Vector256<int> b)
    {
        var shorts = Avx2.Permute4x64(Avx2.PackSignedSaturate(a, b).AsInt64(), 0b11_01_10_00).AsInt16();
        return Sse2.PackUnsignedSaturate(shorts.GetLower(), shorts.GetUpper());
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
