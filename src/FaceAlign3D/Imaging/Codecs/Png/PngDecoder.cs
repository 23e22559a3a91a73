using System.Buffers.Binary;
using System.IO.Compression;

namespace FaceAlign3D.Imaging.Codecs.Png;

/// <summary>
/// Decodes PNG files: every colour type and bit depth, Adam7 interlacing, CRC checked on every chunk.
/// Output formats follow OpenCV's IMREAD_UNCHANGED (see <see cref="PngRowConverter"/>); no gamma or colour
/// management is applied. Decompression is bounded by the size the header implies, so hostile streams fail fast.
/// </summary>
internal static class PngDecoder
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>True when <paramref name="data"/> starts with the PNG signature.</summary>
    public static bool IsPng(ReadOnlySpan<byte> data) => data.StartsWith(Signature);

    /// <exception cref="ImageFormatException">The data is not a valid PNG or exceeds <see cref="DecodeOptions.MaxPixels"/>.</exception>
    public static Image Decode(ReadOnlySpan<byte> data, string? fileName, DecodeOptions options) =>
        CodecErrors.Decode(data, fileName, options, DecodeCore);

    private static Image DecodeCore(ReadOnlySpan<byte> data, string? fileName, DecodeOptions options)
    {
        if (!IsPng(data))
            throw new ImageFormatException(fileName, "not a PNG file (bad signature)");

        PngHeader? header = null;
        ReadOnlySpan<byte> palette = default, transparency = default;
        bool hasTransparency = false, ended = false;
        var idatRanges = new List<(int Start, int Length)>();
        long compressedLength = 0;

        int pos = Signature.Length;
        while (!ended)
        {
            if (data.Length - pos < 12)
                throw new ImageFormatException(fileName, $"file is truncated at byte {pos} (no IEND chunk)");
            uint length = BinaryPrimitives.ReadUInt32BigEndian(data[pos..]);
            if (length > int.MaxValue || length > data.Length - pos - 12)
                throw new ImageFormatException(fileName, $"chunk at byte {pos} claims {length} bytes, past the end of the file");
            var typeAndBody = data.Slice(pos + 4, 4 + (int)length);
            uint storedCrc = BinaryPrimitives.ReadUInt32BigEndian(data[(pos + 8 + (int)length)..]);
            string type = ChunkName(typeAndBody[..4]);
            if (PngCrc32.Compute(typeAndBody) != storedCrc)
                throw new ImageFormatException(fileName, $"CRC mismatch in {type} chunk at byte {pos}");
            var body = typeAndBody[4..];
            int bodyStart = pos + 8;
            pos += 12 + (int)length;

            if (header is null && type != "IHDR")
                throw new ImageFormatException(fileName, $"first chunk is {type}, not IHDR");
            switch (type)
            {
                case "IHDR":
                    if (header is not null)
                        throw new ImageFormatException(fileName, "more than one IHDR chunk");
                    header = PngHeader.Parse(body, fileName, options);
                    break;
                case "PLTE":
                    if (body.Length == 0 || body.Length % 3 != 0 || body.Length > 256 * 3)
                        throw new ImageFormatException(fileName, $"PLTE chunk has an invalid length of {body.Length}");
                    palette = body;
                    break;
                case "tRNS":
                    transparency = body;
                    hasTransparency = true;
                    break;
                case "IDAT":
                    idatRanges.Add((bodyStart, body.Length));
                    compressedLength += body.Length;
                    break;
                case "IEND":
                    ended = true;
                    break;
                default:
                    if (char.IsAsciiLetterUpper(type[0]))
                        throw new ImageFormatException(fileName, $"unknown critical chunk {type}");
                    break;
            }
        }
        if (idatRanges.Count == 0)
            throw new ImageFormatException(fileName, "no IDAT chunk");

        var hdr = header!.Value;
        var converter = new PngRowConverter(hdr, palette, transparency, hasTransparency, fileName);
        var passes = Adam7.Passes(hdr.Width, hdr.Height, hdr.Interlaced);
        long rawLength = 0;
        foreach (var pass in passes)
            if (!pass.IsEmpty)
                rawLength += pass.Height * (1 + hdr.RowBytes(pass.Width));
        if (rawLength > Array.MaxLength)
            throw new ImageFormatException(fileName, $"{hdr.Width}x{hdr.Height} image data does not fit in memory");

        var compressed = new byte[compressedLength];
        int offset = 0;
        foreach (var (start, len) in idatRanges)
        {
            data.Slice(start, len).CopyTo(compressed.AsSpan(offset));
            offset += len;
        }
        var raw = Inflate(compressed, (int)rawLength, fileName);

        var image = new Image(hdr.Width, hdr.Height, converter.OutputFormat);
        Reconstruct(raw, hdr, passes, converter, image, fileName);
        return image;
    }

    /// <summary>Inflates exactly the bytes the image needs and rejects streams that are shorter or longer.</summary>
    private static byte[] Inflate(byte[] compressed, int expected, string? fileName)
    {
        var raw = new byte[expected];
        using var zlib = new ZLibStream(new MemoryStream(compressed, writable: false), CompressionMode.Decompress);
        int got = zlib.ReadAtLeast(raw, expected, throwOnEndOfStream: false);
        if (got < expected)
            throw new ImageFormatException(fileName, $"image data ends after {got} of the {expected} bytes the image needs");
        Span<byte> probe = stackalloc byte[1];
        if (zlib.Read(probe) != 0)
            throw new ImageFormatException(fileName, $"image data inflates to more than the {expected} bytes the image needs");
        return raw;
    }

    private static void Reconstruct(byte[] raw, PngHeader header, PngPass[] passes, PngRowConverter converter, Image image, string? fileName)
    {
        int pixelSize = image.BytesPerPixel;
        int step = header.FilterStep;
        var zeros = new byte[header.RowBytes(header.Width)];
        byte[]? passRow = header.Interlaced ? new byte[header.Width * pixelSize] : null;
        int pos = 0;
        foreach (var pass in passes)
        {
            if (pass.IsEmpty)
                continue;
            int rowBytes = (int)header.RowBytes(pass.Width);
            ReadOnlySpan<byte> prior = zeros.AsSpan(0, rowBytes);
            for (int j = 0; j < pass.Height; j++)
            {
                int filter = raw[pos];
                var row = raw.AsSpan(pos + 1, rowBytes);
                if (!PngFilters.Unfilter(filter, row, prior, step))
                    throw new ImageFormatException(fileName, $"unknown filter type {filter}");
                prior = row;
                pos += 1 + rowBytes;

                var target = image.Row(pass.Y0 + j * pass.DY);
                if (passRow is null)
                {
                    converter.Convert(row, pass.Width, target);
                    continue;
                }
                converter.Convert(row, pass.Width, passRow);
                for (int i = 0; i < pass.Width; i++)
                    passRow.AsSpan(i * pixelSize, pixelSize).CopyTo(target[((pass.X0 + i * pass.DX) * pixelSize)..]);
            }
        }
    }

    private static string ChunkName(ReadOnlySpan<byte> type)
    {
        Span<char> chars = stackalloc char[4];
        for (int i = 0; i < 4; i++)
            chars[i] = char.IsAsciiLetter((char)type[i]) ? (char)type[i] : '?';
        return new string(chars);
    }
}
