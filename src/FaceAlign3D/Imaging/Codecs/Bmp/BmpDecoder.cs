using System.Buffers.Binary;
using System.Numerics;

namespace FaceAlign3D.Imaging.Codecs.Bmp;

/// <summary>
/// Decodes uncompressed Windows bitmaps the way OpenCV's IMREAD_UNCHANGED does: 1/4/8-bit palettes give Gray8
/// when every entry is gray and Rgb8 otherwise; 16-bit (5-5-5 or 5-6-5, widened by shifting) and 24-bit give
/// Rgb8; 32-bit BI_RGB gives Rgb8 (the fourth byte is padding) and 32-bit BI_BITFIELDS gives Rgba8 (alpha 255
/// without an alpha mask). Bottom-up and top-down rows; RLE and embedded JPEG/PNG are rejected.
/// </summary>
internal static class BmpDecoder
{
    private const int FileHeaderLength = 14;
    private const int MasksOffset = FileHeaderLength + 40;
    private const uint BiRgb = 0, BiRle8 = 1, BiRle4 = 2, BiBitfields = 3;

    /// <summary>True when <paramref name="data"/> starts with "BM".</summary>
    public static bool IsBmp(ReadOnlySpan<byte> data) => data.Length >= 2 && data[0] == 'B' && data[1] == 'M';

    /// <exception cref="ImageFormatException">The data is not a supported BMP or exceeds <see cref="DecodeOptions.MaxPixels"/>.</exception>
    public static Image Decode(ReadOnlySpan<byte> data, string? fileName, DecodeOptions options) =>
        CodecErrors.Decode(data, fileName, options, DecodeCore);

    private static Image DecodeCore(ReadOnlySpan<byte> data, string? fileName, DecodeOptions options)
    {
        if (!IsBmp(data))
            throw new ImageFormatException(fileName, "not a BMP file (no BM signature)");
        if (data.Length < FileHeaderLength + 12)
            throw new ImageFormatException(fileName, "file is truncated inside the BMP header");
        uint pixelOffset = BinaryPrimitives.ReadUInt32LittleEndian(data[10..]);
        uint headerSize = BinaryPrimitives.ReadUInt32LittleEndian(data[FileHeaderLength..]);
        var info = data[FileHeaderLength..];

        long width, height;
        int bitCount;
        uint compression;
        uint colorsUsed = 0;
        int paletteEntrySize;
        if (headerSize == 12)
        {
            // OS/2 BITMAPCOREHEADER: 16-bit sizes, 3-byte palette entries, always bottom-up.
            width = BinaryPrimitives.ReadUInt16LittleEndian(info[4..]);
            height = BinaryPrimitives.ReadUInt16LittleEndian(info[6..]);
            bitCount = BinaryPrimitives.ReadUInt16LittleEndian(info[10..]);
            compression = BiRgb;
            paletteEntrySize = 3;
        }
        else if (headerSize is >= 40 and <= 1024)
        {
            if (info.Length < 40)
                throw new ImageFormatException(fileName, "file is truncated inside the BMP header");
            width = BinaryPrimitives.ReadInt32LittleEndian(info[4..]);
            height = BinaryPrimitives.ReadInt32LittleEndian(info[8..]);
            bitCount = BinaryPrimitives.ReadUInt16LittleEndian(info[14..]);
            compression = BinaryPrimitives.ReadUInt32LittleEndian(info[16..]);
            colorsUsed = BinaryPrimitives.ReadUInt32LittleEndian(info[32..]);
            paletteEntrySize = 4;
        }
        else
        {
            throw new ImageFormatException(fileName, $"unsupported BMP header size {headerSize}");
        }

        bool topDown = height < 0;
        height = Math.Abs(height);
        options.CheckDimensions(fileName, width, height);
        if (compression is BiRle8 or BiRle4)
            throw new ImageFormatException(fileName, "RLE-compressed BMP is not supported");
        if (compression is not (BiRgb or BiBitfields))
            throw new ImageFormatException(fileName, $"unsupported BMP compression {compression}");
        if (compression == BiBitfields && bitCount is not (16 or 32))
            throw new ImageFormatException(fileName, $"BI_BITFIELDS is only valid for 16 or 32 bits per pixel, not {bitCount}");

        var reader = new BmpRowReader(bitCount, (int)width);
        switch (bitCount)
        {
            case 1 or 4 or 8:
                if (colorsUsed > 1u << bitCount)
                    throw new ImageFormatException(fileName, $"palette of {colorsUsed} colours for a {bitCount}-bit image");
                int entries = colorsUsed == 0 ? 1 << bitCount : (int)colorsUsed;
                long paletteStart = FileHeaderLength + (long)headerSize;
                if (paletteStart + (long)entries * paletteEntrySize > data.Length)
                    throw new ImageFormatException(fileName, "file is truncated inside the palette");
                reader.SetPalette(data.Slice((int)paletteStart, entries * paletteEntrySize), paletteEntrySize);
                break;
            case 16:
                if (compression == BiBitfields)
                    reader.SetSixteenBitMasks(ReadMask(data, 0, fileName), ReadMask(data, 1, fileName), ReadMask(data, 2, fileName), fileName);
                break;
            case 24:
                break;
            case 32:
                if (compression == BiBitfields)
                {
                    uint alphaMask = headerSize >= 56 ? ReadMask(data, 3, fileName) : 0;
                    reader.SetThirtyTwoBitMasks(ReadMask(data, 0, fileName), ReadMask(data, 1, fileName), ReadMask(data, 2, fileName), alphaMask, fileName);
                }
                break;
            default:
                throw new ImageFormatException(fileName, $"unsupported bit count {bitCount}");
        }

        long stride = ((width * bitCount + 31) / 32) * 4;
        long needed = (long)pixelOffset + stride * (height - 1) + (width * bitCount + 7) / 8;
        if (pixelOffset < FileHeaderLength + headerSize || needed > data.Length)
            throw new ImageFormatException(fileName, $"pixel data needs {needed} bytes but the file has {data.Length}");

        var image = new Image((int)width, (int)height, reader.OutputFormat);
        for (int y = 0; y < height; y++)
        {
            var source = data.Slice((int)(pixelOffset + stride * y), (int)((width * bitCount + 7) / 8));
            reader.Convert(source, image.Row(topDown ? y : (int)height - 1 - y));
        }
        return image;
    }

    private static uint ReadMask(ReadOnlySpan<byte> data, int index, string? fileName)
    {
        int at = MasksOffset + 4 * index;
        if (data.Length < at + 4)
            throw new ImageFormatException(fileName, "file is truncated inside the BI_BITFIELDS masks");
        return BinaryPrimitives.ReadUInt32LittleEndian(data[at..]);
    }

    /// <summary>Converts one stored row (BGR order, little-endian words) into image pixels.</summary>
    private sealed class BmpRowReader(int bitCount, int width)
    {
        private readonly byte[] _palette = new byte[256 * 3]; // RGB; entries past the stored palette are black, as in OpenCV
        private bool _grayPalette;
        private bool _sixteenBit565;
        private uint[]? _masks; // R, G, B, A for 32-bit BI_BITFIELDS
        private int[]? _shifts;

        public PixelFormat OutputFormat => bitCount switch
        {
            <= 8 => _grayPalette ? PixelFormat.Gray8 : PixelFormat.Rgb8,
            32 when _masks is not null => PixelFormat.Rgba8,
            _ => PixelFormat.Rgb8,
        };

        public void SetPalette(ReadOnlySpan<byte> entries, int entrySize)
        {
            _grayPalette = true;
            for (int i = 0; i < entries.Length / entrySize; i++)
            {
                byte b = entries[i * entrySize], g = entries[i * entrySize + 1], r = entries[i * entrySize + 2];
                _palette[i * 3] = r;
                _palette[i * 3 + 1] = g;
                _palette[i * 3 + 2] = b;
                _grayPalette &= r == g && g == b;
            }
        }

        public void SetSixteenBitMasks(uint red, uint green, uint blue, string? fileName)
        {
            if ((red, green, blue) == (0xF800, 0x07E0, 0x001F))
                _sixteenBit565 = true;
            else if ((red, green, blue) != (0x7C00, 0x03E0, 0x001F))
                throw new ImageFormatException(fileName, $"unsupported 16-bit masks R={red:X} G={green:X} B={blue:X} (only 5-5-5 and 5-6-5)");
        }

        public void SetThirtyTwoBitMasks(uint red, uint green, uint blue, uint alpha, string? fileName)
        {
            _masks = [red, green, blue, alpha];
            _shifts = new int[4];
            for (int c = 0; c < 4; c++)
            {
                uint mask = _masks[c];
                if (mask == 0 && c == 3)
                    continue;
                int shift = BitOperations.TrailingZeroCount(mask);
                if (mask == 0 || mask >> shift != 0xFF)
                    throw new ImageFormatException(fileName, $"unsupported 32-bit channel mask {mask:X8} (each channel must be 8 contiguous bits)");
                _shifts[c] = shift;
            }
        }

        public void Convert(ReadOnlySpan<byte> source, Span<byte> target)
        {
            switch (bitCount)
            {
                case <= 8:
                    int perByte = 8 / bitCount, mask = (1 << bitCount) - 1;
                    for (int x = 0; x < width; x++)
                    {
                        int index = (source[x / perByte] >> (8 - bitCount * (x % perByte + 1))) & mask;
                        if (_grayPalette)
                            target[x] = _palette[index * 3];
                        else
                            _palette.AsSpan(index * 3, 3).CopyTo(target[(x * 3)..]);
                    }
                    break;
                case 16:
                    for (int x = 0; x < width; x++)
                    {
                        int v = BinaryPrimitives.ReadUInt16LittleEndian(source[(x * 2)..]);
                        // OpenCV widens 5/6-bit fields by shifting alone (low bits stay zero).
                        target[x * 3] = (byte)(_sixteenBit565 ? (v >> 8) & 0xF8 : (v >> 7) & 0xF8);
                        target[x * 3 + 1] = (byte)(_sixteenBit565 ? (v >> 3) & 0xFC : (v >> 2) & 0xF8);
                        target[x * 3 + 2] = (byte)(v << 3);
                    }
                    break;
                case 24:
                    for (int x = 0; x < width; x++)
                    {
                        target[x * 3] = source[x * 3 + 2];
                        target[x * 3 + 1] = source[x * 3 + 1];
                        target[x * 3 + 2] = source[x * 3];
                    }
                    break;
                case 32 when _masks is null:
                    for (int x = 0; x < width; x++)
                    {
                        target[x * 3] = source[x * 4 + 2];
                        target[x * 3 + 1] = source[x * 4 + 1];
                        target[x * 3 + 2] = source[x * 4];
                    }
                    break;
                case 32:
                    for (int x = 0; x < width; x++)
                    {
                        uint v = BinaryPrimitives.ReadUInt32LittleEndian(source[(x * 4)..]);
                        for (int c = 0; c < 3; c++)
                            target[x * 4 + c] = (byte)((v & _masks[c]) >> _shifts![c]);
                        target[x * 4 + 3] = _masks[3] == 0 ? (byte)255 : (byte)((v & _masks[3]) >> _shifts![3]);
                    }
                    break;
            }
        }
    }
}
