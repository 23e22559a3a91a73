using System.Buffers.Binary;
using System.Text;

namespace FaceAlign3D.Training.Export;

/// <summary>
/// Builds one protobuf message: varint, fixed32 and length-delimited fields, nested messages written as
/// their own <see cref="ProtoWriter"/>. Enough of the wire format for ONNX's ModelProto.
/// </summary>
internal sealed class ProtoWriter
{
    readonly MemoryStream _buffer = new();

    public ProtoWriter Varint(int field, long value)
    {
        Key(field, 0);
        WriteVarint((ulong)value);
        return this;
    }

    public ProtoWriter Float(int field, float value)
    {
        Key(field, 5);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        _buffer.Write(bytes);
        return this;
    }

    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Key(field, 2);
        WriteVarint((ulong)value.Length);
        _buffer.Write(value);
        return this;
    }

    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

    /// <summary>A repeated int64 field in packed encoding.</summary>
    public ProtoWriter PackedVarints(int field, IEnumerable<long> values)
    {
        var packed = new ProtoWriter();
        foreach (long v in values) packed.WriteVarint((ulong)v);
        return Bytes(field, packed.ToArray());
    }

    public byte[] ToArray() => _buffer.ToArray();

    void Key(int field, int wireType) => WriteVarint((ulong)(field << 3 | wireType));

    void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _buffer.WriteByte((byte)value);
    }
}
