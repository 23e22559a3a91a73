using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace FaceAlign3D.Imaging.Codecs.Png;

/// <summary>
/// Writes non-interlaced PNGs of every <see cref="PixelFormat"/> (gray, RGB, RGBA at 8 or 16 bits), choosing
/// each row's filter by the smallest sum of absolute signed filtered bytes. Decoding the output gives back
/// exactly the same pixels.
/// </summary>
internal static class PngEncoder
{
    private const int MaxIdatLength = 1 << 20;
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] Encode(Image image, CompressionLevel level = CompressionLevel.Optimal)
    {
        var output = new MemoryStream();
        Encode(image, output, level);
        return output.ToArray();
    }

    public static void Encode(Image image, Stream destination, CompressionLevel level = CompressionLevel.Optimal)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(destination);
        var (colorType, bitDepth) = image.Format switch
        {
            PixelFormat.Gray8 => (PngColorType.Gray, 8),
            PixelFormat.Rgb8 => (PngColorType.Rgb, 8),
            PixelFormat.Rgba8 => (PngColorType.Rgba, 8),
            PixelFormat.Gray16 => (PngColorType.Gray, 16),
            PixelFormat.Rgb16 => (PngColorType.Rgb, 16),
            PixelFormat.Rgba16 => (PngColorType.Rgba, 16),
            _ => throw new ArgumentOutOfRangeException(nameof(image), image.Format, "unsupported pixel format"),
        };

        destination.Write(Signature);
        Span<byte> ihdr = stackalloc byte[PngHeader.Length];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], image.Height);
        ihdr[8] = (byte)bitDepth;
        ihdr[9] = (byte)colorType;
        WriteChunk(destination, "IHDR"u8, ihdr);

        var compressed = Compress(image, bitDepth, level);
        var idat = compressed.GetBuffer().AsSpan(0, (int)compressed.Length);
        for (int start = 0; start < idat.Length; start += MaxIdatLength)
            WriteChunk(destination, "IDAT"u8, idat.Slice(start, Math.Min(MaxIdatLength, idat.Length - start)));
        WriteChunk(destination, "IEND"u8, []);
    }

    private static MemoryStream Compress(Image image, int bitDepth, CompressionLevel level)
    {
        int rowBytes = image.Width * image.BytesPerPixel;
        int step = image.BytesPerPixel;
        var prior = new byte[rowBytes];
        var current = new byte[rowBytes];
        var best = new byte[1 + rowBytes];
        var candidate = new byte[1 + rowBytes];
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, level, leaveOpen: true))
        {
            for (int y = 0; y < image.Height; y++)
            {
                var row = image.Row(y);
                if (bitDepth == 16 && BitConverter.IsLittleEndian)
                    BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ushort>(row), MemoryMarshal.Cast<byte, ushort>(current.AsSpan()));
                else
                    row.CopyTo(current);

                long bestScore = long.MaxValue;
                for (int type = 0; type < PngFilters.Count; type++)
                {
                    candidate[0] = (byte)type;
                    PngFilters.Filter(type, current, prior, step, candidate.AsSpan(1));
                    long score = PngFilters.SumOfAbsoluteSigned(candidate.AsSpan(1));
                    if (score < bestScore)
                    {
                        bestScore = score;
                        (best, candidate) = (candidate, best);
                    }
                }
                zlib.Write(best);
                (prior, current) = (current, prior);
            }
        }
        return compressed;
    }

    private static void WriteChunk(Stream destination, ReadOnlySpan<byte> type, ReadOnlySpan<byte> body)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, body.Length);
        destination.Write(word);
        destination.Write(type);
        destination.Write(body);
        uint crc = PngCrc32.Append(PngCrc32.Append(0xFFFFFFFFu, type), body) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        destination.Write(word);
    }
}
