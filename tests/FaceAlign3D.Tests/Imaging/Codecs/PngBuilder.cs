using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace FaceAlign3D.Tests.Imaging.Codecs;

/// <summary>Assembles PNG files chunk by chunk (with an independent CRC) so tests can craft exact and hostile inputs.</summary>
internal sealed class PngBuilder
{
    private readonly MemoryStream _stream = new();

    public PngBuilder() => _stream.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);

    public static byte[] Ihdr(long width, long height, int bitDepth, int colorType, int interlace = 0)
    {
        var body = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(body, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(4), (uint)height);
        body[8] = (byte)bitDepth;
        body[9] = (byte)colorType;
        body[12] = (byte)interlace;
        return body;
    }

    public static byte[] Deflate(ReadOnlySpan<byte> raw)
    {
        var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
            zlib.Write(raw);
        return output.ToArray();
    }

    public PngBuilder Chunk(string type, ReadOnlySpan<byte> body, bool corruptCrc = false)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)body.Length);
        _stream.Write(length);
        var typeAndBody = new byte[4 + body.Length];
        Encoding.ASCII.GetBytes(type, typeAndBody);
        body.CopyTo(typeAndBody.AsSpan(4));
        _stream.Write(typeAndBody);
        uint crc = Crc(typeAndBody) ^ (corruptCrc ? 1u : 0u);
        BinaryPrimitives.WriteUInt32BigEndian(length, crc);
        _stream.Write(length);
        return this;
    }

    /// <summary>IHDR + optional extra chunks + one IDAT of <paramref name="filteredRows"/> + IEND.</summary>
    public static byte[] Simple(byte[] ihdr, byte[] filteredRows, params (string Type, byte[] Body)[] before)
    {
        var builder = new PngBuilder().Chunk("IHDR", ihdr);
        foreach (var (type, body) in before)
            builder.Chunk(type, body);
        return builder.Chunk("IDAT", Deflate(filteredRows)).Chunk("IEND", []).ToArray();
    }

    public byte[] ToArray() => _stream.ToArray();

    /// <summary>Bitwise CRC-32 (no table), kept apart from the decoder's implementation on purpose.</summary>
    public static uint Crc(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
                crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
        }
        return ~crc;
    }
}
