using System.Buffers.Binary;
using System.Text;

namespace FaceAlign3D.Tests.Neural.TfLite;

/// <summary>A value in a flatbuffer being assembled by <see cref="FlatBufferWriter"/>.</summary>
public abstract record FbValue;

public sealed record FbScalar(ulong Bits, int Size) : FbValue
{
    public static FbScalar U8(int v) => new((byte)v, 1);
    public static FbScalar I32(int v) => new((uint)v, 4);
    public static FbScalar U64(ulong v) => new(v, 8);
}

/// <summary>A table: field index to value.</summary>
public sealed record FbTable(params (int Field, FbValue Value)[] Fields) : FbValue;

public sealed record FbInts(params int[] Values) : FbValue;

public sealed record FbBytes(byte[] Values) : FbValue;

public sealed record FbString(string Value) : FbValue;

public sealed record FbTables(params FbTable[] Tables) : FbValue;

/// <summary>
/// Serialises a tree of tables into flatbuffer bytes, front to back: each object is written before the objects
/// it refers to, so every uoffset is positive as the format requires. Vtables are written just before their table.
/// </summary>
public sealed class FlatBufferWriter
{
    private readonly List<byte> _bytes = [];

    public static byte[] Write(FbTable root, string identifier)
    {
        var w = new FlatBufferWriter();
        w._bytes.AddRange(new byte[4]);
        w._bytes.AddRange(Encoding.ASCII.GetBytes(identifier));
        int rootPosition = w.WriteTable(root);
        w.PatchOffset(0, rootPosition);
        return w._bytes.ToArray();
    }

    private void Align(int alignment)
    {
        while (_bytes.Count % alignment != 0)
            _bytes.Add(0);
    }

    private void PutU32(int position, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        for (int i = 0; i < 4; i++) _bytes[position + i] = b[i];
    }

    private void PatchOffset(int at, int target) => PutU32(at, (uint)(target - at));

    private void Append(ulong bits, int size)
    {
        for (int i = 0; i < size; i++)
            _bytes.Add((byte)(bits >> (8 * i)));
    }

    private int WriteTable(FbTable table)
    {
        // Inline layout: soffset, then each field aligned to its size (references take 4 bytes).
        var fields = table.Fields.OrderBy(f => f.Field).ToArray();
        int maxField = fields.Length == 0 ? -1 : fields[^1].Field;
        var offsets = new int[maxField + 1];
        int size = 4;
        foreach (var (field, value) in fields)
        {
            int width = value is FbScalar s ? s.Size : 4;
            size = (size + width - 1) / width * width;
            offsets[field] = size;
            size += width;
        }
        Align(4);
        int vtableSize = 4 + 2 * offsets.Length;
        int vtable = _bytes.Count;
        Append((ulong)vtableSize, 2);
        Append((ulong)size, 2);
        foreach (int o in offsets) Append((ulong)o, 2);
        Align(8);
        int start = _bytes.Count;
        Append((uint)(start - vtable), 4);
        var pending = new List<(int At, FbValue Value)>();
        foreach (var (field, value) in fields)
        {
            while (_bytes.Count < start + offsets[field]) _bytes.Add(0);
            if (value is FbScalar s) Append(s.Bits, s.Size);
            else { pending.Add((_bytes.Count, value)); Append(0, 4); }
        }
        while (_bytes.Count < start + size) _bytes.Add(0);
        foreach (var (at, value) in pending)
            PatchOffset(at, WriteObject(value));
        return start;
    }

    private int WriteObject(FbValue value)
    {
        switch (value)
        {
            case FbTable t:
                return WriteTable(t);
            case FbInts ints:
            {
                Align(4);
                int start = _bytes.Count;
                Append((uint)ints.Values.Length, 4);
                foreach (int v in ints.Values) Append((uint)v, 4);
                return start;
            }
            case FbBytes bytes:
            {
                // Keep the data 16-byte aligned, as TFLite writers do for buffers.
                while ((_bytes.Count + 4) % 16 != 0) _bytes.Add(0);
                int start = _bytes.Count;
                Append((uint)bytes.Values.Length, 4);
                _bytes.AddRange(bytes.Values);
                return start;
            }
            case FbString s:
            {
                Align(4);
                int start = _bytes.Count;
                var utf8 = Encoding.UTF8.GetBytes(s.Value);
                Append((uint)utf8.Length, 4);
                _bytes.AddRange(utf8);
                _bytes.Add(0);
                return start;
            }
            case FbTables tables:
            {
                Align(4);
                int start = _bytes.Count;
                Append((uint)tables.Tables.Length, 4);
                int first = _bytes.Count;
                _bytes.AddRange(new byte[4 * tables.Tables.Length]);
                for (int i = 0; i < tables.Tables.Length; i++)
                    PatchOffset(first + 4 * i, WriteTable(tables.Tables[i]));
                return start;
            }
            default:
                throw new ArgumentException($"cannot serialise {value}");
        }
    }
}
