using System.Text;

namespace FaceAlign3D.Tests.Neural;

/// <summary>Writes small ONNX models in the protobuf wire format for tests (field numbers from onnx.proto).</summary>
internal sealed class OnnxBuilder
{
    private readonly List<byte[]> _nodes = [], _inits = [], _inputs = [], _outputs = [];
    private int _opset = 13;

    public OnnxBuilder Opset(int version) { _opset = version; return this; }

    public OnnxBuilder Input(string name, int[] shape) { _inputs.Add(ValueInfo(name, shape)); return this; }

    public OnnxBuilder Output(string name) { _outputs.Add(ValueInfo(name, null)); return this; }

    public OnnxBuilder Node(string op, string[] inputs, string[] outputs, string name = "", params byte[][] attributes)
    {
        var m = new MemoryStream();
        foreach (var i in inputs) Bytes(m, 1, Encoding.UTF8.GetBytes(i));
        foreach (var o in outputs) Bytes(m, 2, Encoding.UTF8.GetBytes(o));
        if (name.Length > 0) Bytes(m, 3, Encoding.UTF8.GetBytes(name));
        Bytes(m, 4, Encoding.UTF8.GetBytes(op));
        foreach (var a in attributes) Bytes(m, 5, a);
        _nodes.Add(m.ToArray());
        return this;
    }

    public OnnxBuilder FloatInitializer(string name, int[] dims, float[] values)
    {
        var raw = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, raw, 0, raw.Length);
        return RawInitializer(name, dims, raw);
    }

    public OnnxBuilder RawInitializer(string name, int[] dims, byte[] raw, int dataType = 1)
    {
        var m = new MemoryStream();
        foreach (var d in dims) { Key(m, 1, 0); Varint(m, (ulong)d); }
        Key(m, 2, 0); Varint(m, (ulong)dataType);
        Bytes(m, 8, Encoding.UTF8.GetBytes(name));
        Bytes(m, 9, raw);
        _inits.Add(m.ToArray());
        return this;
    }

    public static byte[] IntsAttribute(string name, params long[] values)
    {
        var m = new MemoryStream();
        Bytes(m, 1, Encoding.UTF8.GetBytes(name));
        foreach (var v in values) { Key(m, 8, 0); Varint(m, (ulong)v); }
        Key(m, 20, 0); Varint(m, 7);
        return m.ToArray();
    }

    public static byte[] IntAttribute(string name, long value)
    {
        var m = new MemoryStream();
        Bytes(m, 1, Encoding.UTF8.GetBytes(name));
        Key(m, 3, 0); Varint(m, (ulong)value);
        Key(m, 20, 0); Varint(m, 2);
        return m.ToArray();
    }

    public byte[] Build()
    {
        var graph = new MemoryStream();
        foreach (var n in _nodes) Bytes(graph, 1, n);
        foreach (var i in _inits) Bytes(graph, 5, i);
        foreach (var i in _inputs) Bytes(graph, 11, i);
        foreach (var o in _outputs) Bytes(graph, 12, o);
        var opset = new MemoryStream();
        Key(opset, 2, 0); Varint(opset, (ulong)_opset);
        var model = new MemoryStream();
        Key(model, 1, 0); Varint(model, 8);
        Bytes(model, 7, graph.ToArray());
        Bytes(model, 8, opset.ToArray());
        return model.ToArray();
    }

    private static byte[] ValueInfo(string name, int[]? shape)
    {
        var m = new MemoryStream();
        Bytes(m, 1, Encoding.UTF8.GetBytes(name));
        var tensor = new MemoryStream();
        Key(tensor, 1, 0); Varint(tensor, 1);
        if (shape is not null)
        {
            var s = new MemoryStream();
            foreach (var d in shape)
            {
                var dim = new MemoryStream();
                Key(dim, 1, 0); Varint(dim, (ulong)d);
                Bytes(s, 1, dim.ToArray());
            }
            Bytes(tensor, 2, s.ToArray());
        }
        var type = new MemoryStream();
        Bytes(type, 1, tensor.ToArray());
        Bytes(m, 2, type.ToArray());
        return m.ToArray();
    }

    private static void Key(Stream s, int field, int wire) => Varint(s, (ulong)(field << 3 | wire));

    private static void Varint(Stream s, ulong v)
    {
        while (v >= 0x80) { s.WriteByte((byte)(v | 0x80)); v >>= 7; }
        s.WriteByte((byte)v);
    }

    private static void Bytes(Stream s, int field, byte[] data)
    {
        Key(s, field, 2);
        Varint(s, (ulong)data.Length);
        s.Write(data);
    }
}
