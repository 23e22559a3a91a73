namespace FaceAlign3D.Imaging.Codecs.Jpeg;

/// <summary>
/// A Huffman decoding table (T.81 Annex C/F.2.2.3) with a 9-bit lookahead: codes of up to
/// <see cref="LookaheadBits"/> bits resolve with one table read, longer ones fall back to the MAXCODE search.
/// </summary>
internal sealed class JpegHuffmanTable
{
    public const int LookaheadBits = 9;

    /// <summary>Indexed by the next 9 bits: (code length &lt;&lt; 8) | symbol, or 0 when the code is longer.</summary>
    public readonly ushort[] Lookahead = new ushort[1 << LookaheadBits];

    /// <summary>Largest code of each length (index 1..16), -1 when there is none; [17] is a sentinel.</summary>
    public readonly int[] MaxCode = new int[18];

    /// <summary>Symbol index = code + ValueOffset[length].</summary>
    public readonly int[] ValueOffset = new int[17];

    public readonly byte[] Symbols = new byte[256];

    /// <param name="counts">Number of codes of each length 1..16.</param>
    /// <param name="symbols">The symbols in code order.</param>
    /// <param name="fileName">Used in error messages.</param>
    /// <exception cref="ImageFormatException">The counts describe an impossible code.</exception>
    public JpegHuffmanTable(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols, string? fileName)
    {
        int total = 0;
        for (int i = 0; i < 16; i++)
            total += counts[i];
        if (total > 256 || total > symbols.Length)
            throw new ImageFormatException(fileName, $"Huffman table declares {total} symbols (at most 256 allowed)");
        symbols[..total].CopyTo(Symbols);

        int code = 0, k = 0;
        for (int length = 1; length <= 16; length++)
        {
            int n = counts[length - 1];
            ValueOffset[length] = k - code;
            for (int i = 0; i < n; i++, k++, code++)
            {
                if (code >= 1 << length)
                    throw new ImageFormatException(fileName, $"Huffman table has too many codes of length {length}");
                if (length <= LookaheadBits)
                {
                    int shift = LookaheadBits - length;
                    var entry = (ushort)((length << 8) | Symbols[k]);
                    Lookahead.AsSpan(code << shift, 1 << shift).Fill(entry);
                }
            }
            MaxCode[length] = n == 0 ? -1 : code - 1;
            code <<= 1;
        }
        MaxCode[17] = int.MaxValue;
    }
}
