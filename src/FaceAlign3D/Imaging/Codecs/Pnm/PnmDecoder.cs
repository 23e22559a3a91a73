using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace FaceAlign3D.Imaging.Codecs.Pnm;

/// <summary>
/// Decodes Netpbm gray and colour maps: binary P5/P6 and ASCII P2/P3, '#' comments in the header.
/// maxval up to 255 gives Gray8/Rgb8, up to 65535 gives Gray16/Rgb16 (binary samples are big-endian).
/// Samples are kept as stored, not rescaled to the full range (as OpenCV does); ASCII samples above maxval are clamped.
/// </summary>
internal static class PnmDecoder
{
    /// <summary>True when <paramref name="data"/> starts with a Netpbm magic (P1 to P7) followed by whitespace.</summary>
    public static bool IsPnm(ReadOnlySpan<byte> data) =>
        data.Length >= 3 && data[0] == 'P' && data[1] is >= (byte)'1' and <= (byte)'7' && IsWhitespace(data[2]);

    /// <exception cref="ImageFormatException">The data is not a supported PNM or exceeds <see cref="DecodeOptions.MaxPixels"/>.</exception>
    public static Image Decode(ReadOnlySpan<byte> data, string? fileName, DecodeOptions options) =>
        CodecErrors.Decode(data, fileName, options, DecodeCore);

    private static Image DecodeCore(ReadOnlySpan<byte> data, string? fileName, DecodeOptions options)
    {
        if (!IsPnm(data))
            throw new ImageFormatException(fileName, "not a PGM/PPM file (bad magic)");
        if (data[1] is (byte)'1' or (byte)'4' or (byte)'7')
            throw new ImageFormatException(fileName, $"Netpbm format P{(char)data[1]} is not supported (only P2, P3, P5, P6)");
        bool binary = data[1] is (byte)'5' or (byte)'6';
        int channels = data[1] is (byte)'3' or (byte)'6' ? 3 : 1;

        int pos = 2;
        long width = ReadNumber(data, ref pos, fileName, "width");
        long height = ReadNumber(data, ref pos, fileName, "height");
        options.CheckDimensions(fileName, width, height);
        long maxValue = ReadNumber(data, ref pos, fileName, "maxval");
        if (maxValue is < 1 or > 65535)
            throw new ImageFormatException(fileName, $"maxval {maxValue} is outside 1..65535");
        bool wide = maxValue > 255;
        var format = (channels, wide) switch
        {
            (1, false) => PixelFormat.Gray8,
            (1, true) => PixelFormat.Gray16,
            (_, false) => PixelFormat.Rgb8,
            _ => PixelFormat.Rgb16,
        };
        long sampleCount = width * height * channels;

        if (binary)
        {
            if (pos >= data.Length || !IsWhitespace(data[pos]))
                throw new ImageFormatException(fileName, "maxval is not followed by a whitespace byte");
            pos++;
            long needed = sampleCount * (wide ? 2 : 1);
            if (pos > data.Length || data.Length - pos < needed)
                throw new ImageFormatException(fileName, $"pixel data needs {needed} bytes but only {Math.Max(0, data.Length - pos)} remain");
            var image = new Image((int)width, (int)height, format);
            var samples = data.Slice(pos, (int)needed);
            if (wide && BitConverter.IsLittleEndian)
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ushort>(samples), MemoryMarshal.Cast<byte, ushort>(image.Data.AsSpan()));
            else
                samples.CopyTo(image.Data);
            return image;
        }

        var ascii = new Image((int)width, (int)height, format);
        var wideSamples = wide ? MemoryMarshal.Cast<byte, ushort>(ascii.Data.AsSpan()) : default;
        for (long i = 0; i < sampleCount; i++)
        {
            long value = Math.Min(ReadNumber(data, ref pos, fileName, "sample"), maxValue);
            if (wide)
                wideSamples[(int)i] = (ushort)value;
            else
                ascii.Data[i] = (byte)value;
        }
        return ascii;
    }

    /// <summary>Skips whitespace and comments, then reads a decimal number (capped to stay far from overflow).</summary>
    private static long ReadNumber(ReadOnlySpan<byte> data, ref int pos, string? fileName, string what)
    {
        while (pos < data.Length && (IsWhitespace(data[pos]) || data[pos] == '#'))
        {
            if (data[pos] == '#')
                while (pos < data.Length && data[pos] != '\n' && data[pos] != '\r')
                    pos++;
            else
                pos++;
        }
        if (pos >= data.Length || !char.IsAsciiDigit((char)data[pos]))
            throw new ImageFormatException(fileName, pos >= data.Length ? $"file ends before the {what}" : $"expected a number for the {what} at byte {pos}");
        long value = 0;
        for (; pos < data.Length && char.IsAsciiDigit((char)data[pos]); pos++)
        {
            value = value * 10 + (data[pos] - '0');
            if (value > int.MaxValue)
                throw new ImageFormatException(fileName, $"{what} is too large");
        }
        return value;
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0B or 0x0C;
}
