using System.Buffers.Binary;

namespace FaceAlign3D.Tests.Imaging.Codecs.Jpeg;

/// <summary>Helpers that locate and edit marker segments of a JPEG file for tests.</summary>
internal static class JpegTestFiles
{
    /// <summary>(marker, offset of its 0xFF, segment length) for every segment before the first SOS, and the SOS itself.</summary>
    public static List<(byte Marker, int Offset, int Length)> Segments(byte[] jpeg)
    {
        var result = new List<(byte, int, int)>();
        int pos = 2;
        while (pos + 4 <= jpeg.Length && jpeg[pos] == 0xFF)
        {
            byte marker = jpeg[pos + 1];
            int length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(pos + 2));
            result.Add((marker, pos, length));
            if (marker == 0xDA)
                break;
            pos += 2 + length;
        }
        return result;
    }

    public static int OffsetOf(byte[] jpeg, byte marker) => Segments(jpeg).First(s => s.Marker == marker).Offset;

    /// <summary>The file with <paramref name="segment"/> (marker, length and payload) inserted right after SOI.</summary>
    public static byte[] InsertAfterSoi(byte[] jpeg, byte marker, ReadOnlySpan<byte> payload)
    {
        var result = new byte[jpeg.Length + 4 + payload.Length];
        result[0] = 0xFF;
        result[1] = 0xD8;
        result[2] = 0xFF;
        result[3] = marker;
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(4), (ushort)(payload.Length + 2));
        payload.CopyTo(result.AsSpan(6));
        jpeg.AsSpan(2).CopyTo(result.AsSpan(6 + payload.Length));
        return result;
    }

    /// <summary>The file without the segment starting at <paramref name="offset"/>.</summary>
    public static byte[] RemoveSegment(byte[] jpeg, int offset)
    {
        int length = 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(offset + 2));
        return [.. jpeg.AsSpan(0, offset), .. jpeg.AsSpan(offset + length)];
    }
}
