namespace FaceAlign3D.Imaging.Codecs.Jpeg;

/// <summary>Huffman code tables for encoding and the entropy-coded segment writer (0xFF bytes stuffed).</summary>
internal sealed class JpegBitWriter(Stream output)
{
    private uint _bits;
    private int _count;

    /// <summary>Code and length per symbol from a DHT-style (counts, symbols) description (T.81 Annex C).</summary>
    public static (ushort[] Codes, byte[] Lengths) BuildCodes(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols)
    {
        var codes = new ushort[256];
        var lengths = new byte[256];
        int code = 0, k = 0;
        for (int length = 1; length <= 16; length++)
        {
            for (int i = 0; i < counts[length - 1]; i++, k++, code++)
            {
                codes[symbols[k]] = (ushort)code;
                lengths[symbols[k]] = (byte)length;
            }
            code <<= 1;
        }
        return (codes, lengths);
    }

    public void Write(int value, int length)
    {
        _bits = (_bits << length) | ((uint)value & ((1u << length) - 1));
        _count += length;
        while (_count >= 8)
        {
            _count -= 8;
            byte b = (byte)(_bits >> _count);
            output.WriteByte(b);
            if (b == 0xFF)
                output.WriteByte(0);
        }
    }

    /// <summary>Pads the last byte with 1 bits (T.81 F.1.2.3).</summary>
    public void Flush()
    {
        if (_count > 0)
            Write(0x7F, 8 - _count);
        _bits = 0;
    }
}
