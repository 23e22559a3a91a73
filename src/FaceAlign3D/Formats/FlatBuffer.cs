using System.Buffers.Binary;
using System.Text;

namespace FaceAlign3D.Formats;

/// <summary>
/// Read-only access to a FlatBuffers binary: tables through their vtables, vectors, strings and scalars.
/// Every offset is checked against the buffer before it is followed, so a truncated or hostile file fails
/// with a <see cref="ModelFormatException"/> naming the file and what was being read, never an out-of-range read.
/// </summary>
internal sealed class FlatBuffer
{
    private readonly byte[] _bytes;

    public FlatBuffer(byte[] bytes, string fileName)
    {
        _bytes = bytes;
        FileName = fileName;
    }

    public string FileName { get; }

    /// <summary>The root table (the uoffset at the start of the buffer).</summary>
    public FlatTable Root(string what)
    {
        Require(0, 8, what);
        return TableAt(Offset(0, what), what);
    }

    /// <summary>The 4-byte file identifier after the root offset.</summary>
    public string Identifier => _bytes.Length >= 8 ? Encoding.ASCII.GetString(_bytes, 4, 4) : "";

    public ReadOnlySpan<byte> Bytes(long position, long length, string what)
    {
        Require(position, length, what);
        return _bytes.AsSpan((int)position, (int)length);
    }

    public ModelFormatException Error(string reason) => new(FileName, reason);

    internal void Require(long position, long length, string what)
    {
        if (position < 0 || length < 0 || position > _bytes.Length - length)
            throw Error($"{what}: offset {position} + {length} bytes lies outside the {_bytes.Length}-byte file");
    }

    internal byte U8(long position, string what) { Require(position, 1, what); return _bytes[position]; }
    internal ushort U16(long position, string what) { Require(position, 2, what); return BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan((int)position)); }
    internal int I32(long position, string what) { Require(position, 4, what); return BinaryPrimitives.ReadInt32LittleEndian(_bytes.AsSpan((int)position)); }
    internal uint U32(long position, string what) { Require(position, 4, what); return BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan((int)position)); }
    internal ulong U64(long position, string what) { Require(position, 8, what); return BinaryPrimitives.ReadUInt64LittleEndian(_bytes.AsSpan((int)position)); }

    /// <summary>Follows the uoffset stored at <paramref name="position"/> (relative to that position).</summary>
    internal long Offset(long position, string what) => position + U32(position, what);

    internal FlatTable TableAt(long position, string what)
    {
        Require(position, 4, what);
        long vtable = position - I32(position, what);
        ushort vtableSize = U16(vtable, what + " vtable");
        ushort tableSize = U16(vtable + 2, what + " vtable");
        if (vtableSize < 4 || (vtableSize & 1) != 0)
            throw Error($"{what}: invalid vtable size {vtableSize}");
        Require(vtable, vtableSize, what + " vtable");
        Require(position, Math.Max((int)tableSize, 4), what);
        return new FlatTable(this, position, vtable, vtableSize, tableSize, what);
    }
}

/// <summary>One table in a <see cref="FlatBuffer"/>; fields are addressed by their index in the schema.</summary>
internal readonly struct FlatTable
{
    private readonly FlatBuffer _buffer;
    private readonly long _position, _vtable;
    private readonly int _vtableSize, _tableSize;

    internal FlatTable(FlatBuffer buffer, long position, long vtable, int vtableSize, int tableSize, string what)
    {
        _buffer = buffer;
        _position = position;
        _vtable = vtable;
        _vtableSize = vtableSize;
        _tableSize = tableSize;
        What = what;
    }

    /// <summary>What this table is, for messages (e.g. "subgraph 0 tensor 12").</summary>
    public string What { get; }
    public FlatBuffer Buffer => _buffer;

    /// <summary>The absolute position of field <paramref name="index"/>, or -1 when absent (default value).</summary>
    private long FieldPosition(int index, int size)
    {
        int slot = 4 + 2 * index;
        if (slot + 2 > _vtableSize)
            return -1;
        int offset = _buffer.U16(_vtable + slot, What);
        if (offset == 0)
            return -1;
        if (offset + size > _tableSize)
            throw _buffer.Error($"{What}: field {index} at offset {offset} lies outside the {_tableSize}-byte table");
        return _position + offset;
    }

    public byte U8(int index, byte fallback = 0)
    {
        long p = FieldPosition(index, 1);
        return p < 0 ? fallback : _buffer.U8(p, What);
    }

    public int I32(int index, int fallback = 0)
    {
        long p = FieldPosition(index, 4);
        return p < 0 ? fallback : _buffer.I32(p, What);
    }

    public uint U32(int index, uint fallback = 0)
    {
        long p = FieldPosition(index, 4);
        return p < 0 ? fallback : _buffer.U32(p, What);
    }

    public ulong U64(int index, ulong fallback = 0)
    {
        long p = FieldPosition(index, 8);
        return p < 0 ? fallback : _buffer.U64(p, What);
    }

    public FlatTable? Table(int index, string what)
    {
        long p = FieldPosition(index, 4);
        return p < 0 ? null : _buffer.TableAt(_buffer.Offset(p, what), what);
    }

    /// <summary>A vector field: its element count and the position of its first element; empty when absent.</summary>
    public FlatVector Vector(int index, int elementSize, string what)
    {
        long p = FieldPosition(index, 4);
        if (p < 0)
            return new FlatVector(_buffer, 0, 0, elementSize, what);
        long start = _buffer.Offset(p, what);
        uint count = _buffer.U32(start, what);
        _buffer.Require(start + 4, (long)count * elementSize, what);
        return new FlatVector(_buffer, start + 4, (int)count, elementSize, what);
    }

    public string String(int index, string what)
    {
        var v = Vector(index, 1, what);
        return Encoding.UTF8.GetString(v.Bytes());
    }

    public int[] Ints(int index, string what)
    {
        var v = Vector(index, 4, what);
        var values = new int[v.Count];
        for (int i = 0; i < values.Length; i++)
            values[i] = v.I32(i);
        return values;
    }
}

/// <summary>A vector of scalars or of table offsets, already bounds-checked as a whole.</summary>
internal readonly record struct FlatVector(FlatBuffer Buffer, long Start, int Count, int ElementSize, string What)
{
    public int I32(int i) => Buffer.I32(Start + (long)i * ElementSize, What);

    public ReadOnlySpan<byte> Bytes() => Buffer.Bytes(Start, (long)Count * ElementSize, What);

    public FlatTable Table(int i, string what) => Buffer.TableAt(Buffer.Offset(Start + (long)i * 4, what), what);
}
