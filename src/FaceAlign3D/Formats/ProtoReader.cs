using System.Buffers.Binary;
using System.Text;

namespace FaceAlign3D.Formats;

/// <summary>Protobuf wire types (the low three bits of a field key).</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    Fixed32 = 5,
}

/// <summary>
/// A bounds-checked reader over one protobuf message. Every length and offset is validated against the
/// message it sits in, so a truncated or corrupt file raises <see cref="ModelFormatException"/> instead of
/// reading out of range.
/// </summary>
internal ref struct ProtoReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _fileName;
    private readonly string _context;
    private int _position;

    public ProtoReader(ReadOnlySpan<byte> data, string fileName, string context)
    {
        _data = data;
        _fileName = fileName;
        _context = context;
        _position = 0;
    }

    public readonly bool AtEnd => _position >= _data.Length;

    /// <summary>Reads the next field key; false at the end of the message.</summary>
    public bool TryReadKey(out int field, out WireType wireType)
    {
        if (AtEnd) { field = 0; wireType = 0; return false; }
        ulong key = ReadVarint();
        field = (int)Math.Min(key >> 3, int.MaxValue);
        wireType = (WireType)(key & 7);
        if (field == 0)
            throw Fail("field number 0");
        if (wireType is not (WireType.Varint or WireType.Fixed64 or WireType.LengthDelimited or WireType.Fixed32))
            throw Fail($"unsupported wire type {(int)wireType} for field {field}");
        return true;
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length)
                throw Fail("truncated varint");
            byte b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return result;
        }
        throw Fail("varint longer than 10 bytes");
    }

    public long ReadInt64() => (long)ReadVarint();

    public int ReadInt32Checked(string what)
    {
        long v = ReadInt64();
        if (v is < int.MinValue or > int.MaxValue)
            throw Fail($"{what} {v} is out of range");
        return (int)v;
    }

    public float ReadFixed32Float() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    public double ReadFixed64Double() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public ReadOnlySpan<byte> ReadBytes()
    {
        ulong length = ReadVarint();
        if (length > (ulong)(_data.Length - _position))
            throw Fail($"length {length} runs past the end of the message ({_data.Length - _position} bytes left)");
        return Take((int)length);
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadBytes());

    public void Skip(WireType wireType)
    {
        switch (wireType)
        {
            case WireType.Varint: ReadVarint(); break;
            case WireType.Fixed64: Take(8); break;
            case WireType.Fixed32: Take(4); break;
            case WireType.LengthDelimited: ReadBytes(); break;
        }
    }

    /// <summary>Appends a repeated int64 field, packed or not.</summary>
    public void ReadRepeatedInt64(WireType wireType, List<long> into)
    {
        if (wireType == WireType.Varint) { into.Add(ReadInt64()); return; }
        Expect(wireType, WireType.LengthDelimited, "repeated int64");
        var packed = new ProtoReader(ReadBytes(), _fileName, _context);
        while (!packed.AtEnd)
            into.Add(packed.ReadInt64());
    }

    /// <summary>Appends a repeated float field, packed or not.</summary>
    public void ReadRepeatedFloat(WireType wireType, List<float> into)
    {
        if (wireType == WireType.Fixed32) { into.Add(ReadFixed32Float()); return; }
        Expect(wireType, WireType.LengthDelimited, "repeated float");
        var packed = ReadBytes();
        if (packed.Length % 4 != 0)
            throw Fail($"packed float field of {packed.Length} bytes is not a multiple of 4");
        for (int i = 0; i < packed.Length; i += 4)
            into.Add(BinaryPrimitives.ReadSingleLittleEndian(packed.Slice(i, 4)));
    }

    /// <summary>Appends a repeated double field, packed or not.</summary>
    public void ReadRepeatedDouble(WireType wireType, List<double> into)
    {
        if (wireType == WireType.Fixed64) { into.Add(ReadFixed64Double()); return; }
        Expect(wireType, WireType.LengthDelimited, "repeated double");
        var packed = ReadBytes();
        if (packed.Length % 8 != 0)
            throw Fail($"packed double field of {packed.Length} bytes is not a multiple of 8");
        for (int i = 0; i < packed.Length; i += 8)
            into.Add(BinaryPrimitives.ReadDoubleLittleEndian(packed.Slice(i, 8)));
    }

    public readonly void Expect(WireType actual, WireType expected, string what)
    {
        if (actual != expected)
            throw Fail($"{what} has wire type {(int)actual}, expected {(int)expected}");
    }

    public readonly ModelFormatException Fail(string reason) =>
        new(_fileName, $"{_context}: {reason} (at byte {_position})");

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _data.Length - _position)
            throw Fail($"truncated: needs {count} bytes, {_data.Length - _position} left");
        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }
}
