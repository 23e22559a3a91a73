using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace FaceAlign3D.Imaging.Codecs.Png;

/// <summary>
/// Turns unfiltered PNG rows into <see cref="Image"/> pixels with OpenCV's IMREAD_UNCHANGED conventions:
/// sub-8-bit gray is scaled to 0..255, palette expands to RGB (RGBA when tRNS is present), gray+alpha
/// becomes RGBA, an RGB tRNS colour key becomes an alpha channel (0 on the key, max elsewhere), a gray
/// tRNS key is ignored, 16-bit samples stay 16-bit (native-endian in the image).
/// </summary>
internal sealed class PngRowConverter
{
    private readonly PngHeader _header;
    private readonly byte[]? _paletteRgba; // 256 entries of RGBA; out-of-range indices read as opaque black, as in libpng
    private readonly int _keyR = -1, _keyG = -1, _keyB = -1;

    public PngRowConverter(PngHeader header, ReadOnlySpan<byte> palette, ReadOnlySpan<byte> transparency, bool hasTransparency, string? fileName)
    {
        _header = header;
        bool alpha = header.ColorType is PngColorType.GrayAlpha or PngColorType.Rgba;
        switch (header.ColorType)
        {
            case PngColorType.Palette:
                if (palette.IsEmpty)
                    throw new ImageFormatException(fileName, "palette image without a PLTE chunk");
                int entries = palette.Length / 3;
                // libpng ignores a tRNS that is empty or longer than the palette.
                alpha = hasTransparency && transparency.Length > 0 && transparency.Length <= entries;
                _paletteRgba = new byte[256 * 4];
                for (int i = 0; i < 256; i++)
                {
                    if (i < entries)
                        palette.Slice(i * 3, 3).CopyTo(_paletteRgba.AsSpan(i * 4));
                    _paletteRgba[i * 4 + 3] = alpha && i < transparency.Length ? transparency[i] : (byte)255;
                }
                break;
            case PngColorType.Rgb when hasTransparency && transparency.Length == 6:
                alpha = true;
                _keyR = BinaryPrimitives.ReadUInt16BigEndian(transparency);
                _keyG = BinaryPrimitives.ReadUInt16BigEndian(transparency[2..]);
                _keyB = BinaryPrimitives.ReadUInt16BigEndian(transparency[4..]);
                break;
        }
        bool wide = header.BitDepth == 16;
        OutputFormat = (header.ColorType, alpha) switch
        {
            (PngColorType.Gray, _) => wide ? PixelFormat.Gray16 : PixelFormat.Gray8,
            (_, true) => wide ? PixelFormat.Rgba16 : PixelFormat.Rgba8,
            _ => wide ? PixelFormat.Rgb16 : PixelFormat.Rgb8,
        };
    }

    public PixelFormat OutputFormat { get; }

    /// <summary>Converts <paramref name="count"/> pixels of <paramref name="source"/> into <paramref name="destination"/> (count x output pixel size).</summary>
    public void Convert(ReadOnlySpan<byte> source, int count, Span<byte> destination)
    {
        int depth = _header.BitDepth;
        switch (_header.ColorType)
        {
            case PngColorType.Gray when depth < 8:
                int scale = 255 / ((1 << depth) - 1);
                for (int i = 0; i < count; i++)
                    destination[i] = (byte)(PackedSample(source, i, depth) * scale);
                break;
            case PngColorType.Palette:
                bool withAlpha = OutputFormat == PixelFormat.Rgba8;
                int outSize = withAlpha ? 4 : 3;
                for (int i = 0; i < count; i++)
                {
                    int index = depth == 8 ? source[i] : PackedSample(source, i, depth);
                    _paletteRgba.AsSpan(index * 4, outSize).CopyTo(destination.Slice(i * outSize, outSize));
                }
                break;
            case PngColorType.Gray or PngColorType.Rgba:
                CopySamples(source[..(int)_header.RowBytes(count)], destination, depth);
                break;
            case PngColorType.Rgb when _keyR < 0:
                CopySamples(source[..(int)_header.RowBytes(count)], destination, depth);
                break;
            case PngColorType.Rgb when depth == 8:
                for (int i = 0; i < count; i++)
                {
                    byte r = source[i * 3], g = source[i * 3 + 1], b = source[i * 3 + 2];
                    var d = destination.Slice(i * 4, 4);
                    d[0] = r; d[1] = g; d[2] = b;
                    d[3] = r == _keyR && g == _keyG && b == _keyB ? (byte)0 : (byte)255;
                }
                break;
            case PngColorType.Rgb:
                var rgb16 = MemoryMarshal.Cast<byte, ushort>(destination);
                for (int i = 0; i < count; i++)
                {
                    int r = Sample16(source, i * 3), g = Sample16(source, i * 3 + 1), b = Sample16(source, i * 3 + 2);
                    rgb16[i * 4] = (ushort)r; rgb16[i * 4 + 1] = (ushort)g; rgb16[i * 4 + 2] = (ushort)b;
                    rgb16[i * 4 + 3] = r == _keyR && g == _keyG && b == _keyB ? (ushort)0 : ushort.MaxValue;
                }
                break;
            case PngColorType.GrayAlpha when depth == 8:
                for (int i = 0; i < count; i++)
                {
                    byte gray = source[i * 2];
                    var d = destination.Slice(i * 4, 4);
                    d[0] = gray; d[1] = gray; d[2] = gray; d[3] = source[i * 2 + 1];
                }
                break;
            case PngColorType.GrayAlpha:
                var ga16 = MemoryMarshal.Cast<byte, ushort>(destination);
                for (int i = 0; i < count; i++)
                {
                    ushort gray = Sample16(source, i * 2);
                    ga16[i * 4] = gray; ga16[i * 4 + 1] = gray; ga16[i * 4 + 2] = gray;
                    ga16[i * 4 + 3] = Sample16(source, i * 2 + 1);
                }
                break;
        }
    }

    private static int PackedSample(ReadOnlySpan<byte> source, int index, int depth)
    {
        int bit = index * depth;
        return (source[bit >> 3] >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
    }

    private static ushort Sample16(ReadOnlySpan<byte> source, int index) => BinaryPrimitives.ReadUInt16BigEndian(source[(index * 2)..]);

    /// <summary>Copies samples unchanged, turning big-endian 16-bit samples into native order.</summary>
    private static void CopySamples(ReadOnlySpan<byte> source, Span<byte> destination, int depth)
    {
        if (depth == 16 && BitConverter.IsLittleEndian)
            BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ushort>(source), MemoryMarshal.Cast<byte, ushort>(destination));
        else
            source.CopyTo(destination);
    }
}
