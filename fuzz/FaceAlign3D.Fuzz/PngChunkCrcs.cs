using System.Buffers.Binary;
using FaceAlign3D.Imaging.Codecs.Png;

namespace FaceAlign3D.Fuzz;

/// <summary>
/// Rewrites every chunk CRC of a PNG so a mutated chunk reaches its parser instead of stopping at the checksum
/// (the same trick the libpng fuzzers play); the CRC check itself is covered by the unit tests.
/// </summary>
public static class PngChunkCrcs
{
    public static byte[] Restamp(byte[] data)
    {
        var copy = (byte[])data.Clone();
        long pos = 8;
        while (pos + 12 <= copy.Length)
        {
            long length = BinaryPrimitives.ReadUInt32BigEndian(copy.AsSpan((int)pos));
            if (pos + 12 + length > copy.Length)
                break;
            var typeAndBody = copy.AsSpan((int)pos + 4, 4 + (int)length);
            BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan((int)(pos + 8 + length)), PngCrc32.Compute(typeAndBody));
            pos += 12 + length;
        }
        return copy;
    }
}
