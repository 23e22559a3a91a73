namespace FaceAlign3D.Imaging.Codecs.Jpeg;

/// <summary>Chroma resolution of a colour JPEG.</summary>
internal enum JpegChromaSubsampling
{
    /// <summary>Full-resolution chroma.</summary>
    Yuv444,
    /// <summary>Chroma halved in both directions (the usual camera/web setting).</summary>
    Yuv420,
}

/// <summary>
/// Writes baseline JFIF JPEGs: Annex K quantisation tables scaled by libjpeg's quality rule and the Annex K
/// Huffman tables. Gray8 becomes a one-component file; Rgb8 and Rgba8 (alpha dropped) become YCbCr.
/// </summary>
internal static class JpegEncoder
{
    /// <param name="image">Gray8, Rgb8 or Rgba8 pixels.</param>
    /// <param name="quality">1 (smallest) to 100 (best), as in libjpeg's cjpeg -quality.</param>
    /// <param name="subsampling">Chroma resolution for colour images.</param>
    public static byte[] Encode(Image image, int quality = 90, JpegChromaSubsampling subsampling = JpegChromaSubsampling.Yuv420)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        if (image.Format is not (PixelFormat.Gray8 or PixelFormat.Rgb8 or PixelFormat.Rgba8))
            throw new ArgumentException($"JPEG encoding supports Gray8, Rgb8 and Rgba8, not {image.Format}", nameof(image));
        if (image.Width > ushort.MaxValue || image.Height > ushort.MaxValue)
            throw new ArgumentException($"{image.Width}x{image.Height} exceeds the JPEG limit of 65535 per side", nameof(image));

        bool gray = image.Format == PixelFormat.Gray8;
        int factor = !gray && subsampling == JpegChromaSubsampling.Yuv420 ? 2 : 1;
        var planes = gray ? [GrayPlane(image)] : ToYCbCr(image);
        var luminanceQuant = ScaleQuant(JpegTables.StandardLuminanceQuant, quality);
        var chrominanceQuant = ScaleQuant(JpegTables.StandardChrominanceQuant, quality);

        using var output = new MemoryStream();
        WriteHeaders(output, image.Width, image.Height, gray, factor, luminanceQuant, chrominanceQuant);
        WriteScan(output, planes, image.Width, image.Height, factor, luminanceQuant, chrominanceQuant);
        output.Write([0xFF, 0xD9]);
        return output.ToArray();
    }

    /// <summary>libjpeg's jpeg_quality_scaling and jpeg_add_quant_table with baseline (1..255) limits.</summary>
    private static int[] ScaleQuant(ReadOnlySpan<byte> standard, int quality)
    {
        int scale = quality < 50 ? 5000 / quality : 200 - quality * 2;
        var table = new int[64];
        for (int i = 0; i < 64; i++)
            table[i] = Math.Clamp((standard[i] * scale + 50) / 100, 1, 255);
        return table;
    }

    private static float[][] ToYCbCr(Image image)
    {
        int w = image.Width, h = image.Height, bpp = image.BytesPerPixel;
        var y = new float[w * h];
        var cb = new float[w * h];
        var cr = new float[w * h];
        for (int row = 0; row < h; row++)
        {
            var pixels = image.Row(row);
            for (int x = 0, i = row * w; x < w; x++, i++)
            {
                float r = pixels[x * bpp], g = pixels[x * bpp + 1], b = pixels[x * bpp + 2];
                y[i] = 0.299f * r + 0.587f * g + 0.114f * b;
                cb[i] = -0.168736f * r - 0.331264f * g + 0.5f * b + 128f;
                cr[i] = 0.5f * r - 0.418688f * g - 0.081312f * b + 128f;
            }
        }
        return [y, cb, cr];
    }

    private static float[] GrayPlane(Image image)
    {
        var plane = new float[image.Width * image.Height];
        for (int row = 0; row < image.Height; row++)
        {
            var pixels = image.Row(row);
            for (int x = 0; x < image.Width; x++)
                plane[row * image.Width + x] = pixels[x];
        }
        return plane;
    }

    private static void WriteHeaders(Stream s, int width, int height, bool gray, int factor, int[] lq, int[] cq)
    {
        s.Write([0xFF, 0xD8]);
        s.Write([0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);

        ReadOnlySpan<byte> zigzag = JpegTables.ZigZagToNatural;
        int tables = gray ? 1 : 2;
        s.Write([0xFF, 0xDB, 0, (byte)(2 + 65 * tables)]);
        for (int t = 0; t < tables; t++)
        {
            var q = t == 0 ? lq : cq;
            s.WriteByte((byte)t);
            for (int k = 0; k < 64; k++)
                s.WriteByte((byte)q[zigzag[k]]);
        }

        int components = gray ? 1 : 3;
        s.Write([0xFF, 0xC0, 0, (byte)(8 + 3 * components), 8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, (byte)components]);
        s.Write([1, (byte)((factor << 4) | factor), 0]);
        if (!gray)
            s.Write([2, 0x11, 1, 3, 0x11, 1]);

        WriteHuffman(s, 0x00, JpegTables.LuminanceDcCounts, JpegTables.LuminanceDcSymbols);
        WriteHuffman(s, 0x10, JpegTables.LuminanceAcCounts, JpegTables.LuminanceAcSymbols);
        if (!gray)
        {
            WriteHuffman(s, 0x01, JpegTables.ChrominanceDcCounts, JpegTables.ChrominanceDcSymbols);
            WriteHuffman(s, 0x11, JpegTables.ChrominanceAcCounts, JpegTables.ChrominanceAcSymbols);
        }

        s.Write([0xFF, 0xDA, 0, (byte)(6 + 2 * components), (byte)components, 1, 0x00]);
        if (!gray)
            s.Write([2, 0x11, 3, 0x11]);
        s.Write([0, 63, 0]);
    }

    private static void WriteHuffman(Stream s, byte classAndIndex, ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols)
    {
        int length = 2 + 1 + 16 + symbols.Length;
        s.Write([0xFF, 0xC4, (byte)(length >> 8), (byte)length, classAndIndex]);
        s.Write(counts);
        s.Write(symbols);
    }

    private sealed class ComponentEncoder(float[] plane, int planeWidth, int planeHeight, int downsample, int[] quant, bool chroma)
    {
        private readonly (ushort[] Codes, byte[] Lengths) _dc = chroma
            ? JpegBitWriter.BuildCodes(JpegTables.ChrominanceDcCounts, JpegTables.ChrominanceDcSymbols)
            : JpegBitWriter.BuildCodes(JpegTables.LuminanceDcCounts, JpegTables.LuminanceDcSymbols);
        private readonly (ushort[] Codes, byte[] Lengths) _ac = chroma
            ? JpegBitWriter.BuildCodes(JpegTables.ChrominanceAcCounts, JpegTables.ChrominanceAcSymbols)
            : JpegBitWriter.BuildCodes(JpegTables.LuminanceAcCounts, JpegTables.LuminanceAcSymbols);
        private readonly float[] _samples = new float[64];
        private readonly short[] _coefficients = new short[64];
        private int _previousDc;

        /// <summary>Encodes the block whose top-left sample, in downsampled coordinates, is (x0, y0).</summary>
        public void EncodeBlock(JpegBitWriter writer, int x0, int y0)
        {
            for (int y = 0; y < 8; y++)
                for (int x = 0; x < 8; x++)
                    _samples[y * 8 + x] = Sample(x0 + x, y0 + y) - 128f;
            JpegForwardDct.TransformAndQuantise(_samples, quant, _coefficients);

            int diff = _coefficients[0] - _previousDc;
            _previousDc = _coefficients[0];
            int category = Category(diff);
            writer.Write(_dc.Codes[category], _dc.Lengths[category]);
            WriteMagnitude(writer, diff, category);

            int run = 0;
            for (int k = 1; k < 64; k++)
            {
                int v = _coefficients[k];
                if (v == 0)
                {
                    run++;
                    continue;
                }
                for (; run > 15; run -= 16)
                    writer.Write(_ac.Codes[0xF0], _ac.Lengths[0xF0]);
                int size = Category(v);
                int symbol = (run << 4) | size;
                writer.Write(_ac.Codes[symbol], _ac.Lengths[symbol]);
                WriteMagnitude(writer, v, size);
                run = 0;
            }
            if (run > 0)
                writer.Write(_ac.Codes[0], _ac.Lengths[0]);
        }

        /// <summary>Mean of the downsample x downsample source samples, edges replicated past the image.</summary>
        private float Sample(int x, int y)
        {
            float sum = 0;
            for (int dy = 0; dy < downsample; dy++)
            {
                int sy = Math.Min(y * downsample + dy, planeHeight - 1);
                for (int dx = 0; dx < downsample; dx++)
                    sum += plane[sy * planeWidth + Math.Min(x * downsample + dx, planeWidth - 1)];
            }
            return sum / (downsample * downsample);
        }

        private static int Category(int v) => v == 0 ? 0 : 32 - int.LeadingZeroCount(Math.Abs(v));

        private static void WriteMagnitude(JpegBitWriter writer, int v, int size)
        {
            if (size > 0)
                writer.Write(v < 0 ? v - 1 : v, size);
        }
    }

    private static void WriteScan(Stream s, float[][] planes, int width, int height, int factor, int[] lq, int[] cq)
    {
        var writer = new JpegBitWriter(s);
        var encoders = new ComponentEncoder[planes.Length];
        for (int i = 0; i < planes.Length; i++)
            encoders[i] = new ComponentEncoder(planes[i], width, height, i == 0 ? 1 : factor, i == 0 ? lq : cq, chroma: i > 0);

        int mcuSize = 8 * factor;
        for (int my = 0; my < (height + mcuSize - 1) / mcuSize; my++)
            for (int mx = 0; mx < (width + mcuSize - 1) / mcuSize; mx++)
            {
                for (int by = 0; by < factor; by++)
                    for (int bx = 0; bx < factor; bx++)
                        encoders[0].EncodeBlock(writer, mx * mcuSize + bx * 8, my * mcuSize + by * 8);
                for (int i = 1; i < encoders.Length; i++)
                    encoders[i].EncodeBlock(writer, mx * 8, my * 8);
            }
        writer.Flush();
    }
}
