using System.Runtime.CompilerServices;

namespace FaceAlign3D.Imaging.Codecs.Jpeg;

/// <summary>
/// Reads the entropy-coded segment of a scan: removes 0xFF00 stuffing and stops at the next marker. Past a
/// marker or the end of the data it supplies zero bits, as libjpeg does, but only for a bounded number of bytes
/// so that a stream which never reaches its end fails instead of spinning.
/// </summary>
internal sealed class JpegBitReader
{
    /// <summary>Zero bytes supplied past the data before the scan is declared truncated.</summary>
    private const int MaxPaddingBytes = 1024;

    private readonly byte[] _data;
    private readonly string? _fileName;
    private int _pos;
    private ulong _bits;      // MSB-aligned bit buffer
    private int _count;       // valid bits in _bits
    private int _paddingBytes;
    private bool _atMarker;

    public JpegBitReader(byte[] data, int position, string? fileName)
    {
        _data = data;
        _pos = position;
        _fileName = fileName;
    }

    /// <summary>Byte offset of the first byte not yet loaded into the bit buffer.</summary>
    public int Position => _pos;

    /// <summary>True when the scan consumed zero bits that were not in the file because the file ended.</summary>
    public bool ConsumedPastEnd => _paddingBytes * 8 > _count && !_atMarker;

    private void Fill()
    {
        byte[] data = _data;
        while (_count <= 56)
        {
            uint b = 0;
            if (!_atMarker && _pos < data.Length)
            {
                b = data[_pos];
                if (b != 0xFF)
                {
                    _pos++;
                }
                else if (_pos + 1 < data.Length && data[_pos + 1] == 0)
                {
                    _pos += 2;
                }
                else
                {
                    // A marker (or the data ends on 0xFF): the segment is over.
                    _atMarker = _pos + 1 < data.Length;
                    if (!_atMarker)
                        _pos = data.Length;
                    b = 0;
                    Pad();
                }
            }
            else
            {
                Pad();
            }
            _bits |= (ulong)b << (56 - _count);
            _count += 8;
        }
    }

    private void Pad()
    {
        if (++_paddingBytes > MaxPaddingBytes)
            throw new ImageFormatException(_fileName, _atMarker
                ? $"entropy-coded data ends early at the marker at byte {_pos}"
                : "file is truncated inside entropy-coded data");
    }

    /// <summary>Decodes one Huffman symbol.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int DecodeSymbol(JpegHuffmanTable table)
    {
        if (_count < 16)
            Fill();
        int entry = table.Lookahead[(int)(_bits >> (64 - JpegHuffmanTable.LookaheadBits))];
        if (entry != 0)
        {
            int length = entry >> 8;
            _bits <<= length;
            _count -= length;
            return entry & 0xFF;
        }
        return DecodeLongSymbol(table);
    }

    private int DecodeLongSymbol(JpegHuffmanTable table)
    {
        int code16 = (int)(_bits >> 48);
        for (int length = JpegHuffmanTable.LookaheadBits + 1; length <= 16; length++)
        {
            int code = code16 >> (16 - length);
            if (code <= table.MaxCode[length])
            {
                _bits <<= length;
                _count -= length;
                return table.Symbols[(code + table.ValueOffset[length]) & 0xFF];
            }
        }
        throw new ImageFormatException(_fileName, $"invalid Huffman code near byte {_pos}");
    }

    /// <summary>Reads <paramref name="n"/> (0..16) raw bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadBits(int n)
    {
        if (n == 0)
            return 0;
        if (_count < n)
            Fill();
        int v = (int)(_bits >> (64 - n));
        _bits <<= n;
        _count -= n;
        return v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadBit()
    {
        if (_count < 1)
            Fill();
        int v = (int)(_bits >> 63);
        _bits <<= 1;
        _count--;
        return v;
    }

    /// <summary>Reads an <paramref name="n"/>-bit magnitude and sign-extends it (T.81 F.2.2.1 EXTEND).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReceiveExtend(int n)
    {
        if (n == 0)
            return 0;
        int v = ReadBits(n);
        return v < 1 << (n - 1) ? v - (1 << n) + 1 : v;
    }

    /// <summary>
    /// Ends an entropy-coded segment (restart interval or scan): drops buffered bits and moves to the next
    /// marker. Returns its code, or -1 when the data ends first.
    /// </summary>
    public int FinishSegment()
    {
        _bits = 0;
        _count = 0;
        _paddingBytes = 0;
        _atMarker = false;
        byte[] data = _data;
        while (_pos + 1 < data.Length)
        {
            if (data[_pos] == 0xFF && data[_pos + 1] != 0 && data[_pos + 1] != 0xFF)
                return data[_pos + 1];
            _pos++;
        }
        _pos = data.Length;
        return -1;
    }

    /// <summary>Steps over the 2-byte marker found by <see cref="FinishSegment"/>.</summary>
    public void SkipMarker() => _pos += 2;
}
