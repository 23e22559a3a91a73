using FaceAlign3D.Neural.Formats.TfLite;

namespace FaceAlign3D.Tests.Neural.TfLite;

/// <summary>Assembles small single-subgraph TFLite models (schema.fbs field numbers) for the reader tests.</summary>
internal sealed class TfLiteModelBuilder
{
    private readonly List<FbTable> _tensors = [];
    private readonly List<FbTable> _buffers = [new FbTable()];
    private readonly List<FbTable> _operators = [];
    private readonly List<int> _codes = [];
    private readonly List<int> _inputs = [], _outputs = [];

    public int Tensor(string name, int[] shape, TfLiteTensorType type = TfLiteTensorType.Float32, byte[]? data = null)
    {
        int buffer = 0;
        if (data is not null)
        {
            buffer = _buffers.Count;
            _buffers.Add(new FbTable((0, new FbBytes(data))));
        }
        _tensors.Add(new FbTable((0, new FbInts(shape)), (1, FbScalar.U8((int)type)), (2, FbScalar.I32(buffer)), (3, new FbString(name))));
        return _tensors.Count - 1;
    }

    /// <summary>A new tensor with the shape, type and buffer of <paramref name="tensor"/> (flatbuffers allow sharing).</summary>
    public int TensorOnBufferOf(int tensor, string name)
    {
        var source = _tensors[tensor].Fields;
        _tensors.Add(new FbTable(source[0], source[1], source[2], (3, new FbString(name))));
        return _tensors.Count - 1;
    }

    public int Input(string name, params int[] shape)
    {
        int t = Tensor(name, shape);
        _inputs.Add(t);
        return t;
    }

    public int Constant(string name, int[] shape, float[] values) =>
        Tensor(name, shape, TfLiteTensorType.Float32, values.SelectMany(BitConverter.GetBytes).ToArray());

    public int Float16Constant(string name, int[] shape, float[] values) =>
        Tensor(name, shape, TfLiteTensorType.Float16, values.SelectMany(v => BitConverter.GetBytes((Half)v)).ToArray());

    public int Int32Constant(string name, int[] shape, int[] values) =>
        Tensor(name, shape, TfLiteTensorType.Int32, values.SelectMany(BitConverter.GetBytes).ToArray());

    public void Output(int tensor) => _outputs.Add(tensor);

    /// <summary>Adds an operator; <paramref name="optionsType"/> is the BuiltinOptions union tag of <paramref name="options"/>.</summary>
    public void Operator(int builtinCode, int[] inputs, int[] outputs, int optionsType = 0, FbTable? options = null)
    {
        int index = _codes.IndexOf(builtinCode);
        if (index < 0)
        {
            _codes.Add(builtinCode);
            index = _codes.Count - 1;
        }
        var fields = new List<(int, FbValue)> { (0, FbScalar.I32(index)), (1, new FbInts(inputs)), (2, new FbInts(outputs)) };
        if (options is not null)
        {
            fields.Add((3, FbScalar.U8(optionsType)));
            fields.Add((4, options));
        }
        _operators.Add(new FbTable(fields.ToArray()));
    }

    /// <summary>Writes both opcode fields as current writers do; deprecated_builtin_code is a byte that saturates at 127.</summary>
    public byte[] Build() => Build(code => Math.Min(code, 127), withBuiltinCode: true);

    /// <summary>Writes deprecated_builtin_code as given and builtin_code only when asked (old writers lack it).</summary>
    public byte[] Build(Func<int, int> deprecatedCode, bool withBuiltinCode)
    {
        var codes = _codes.Select(c => withBuiltinCode
            ? new FbTable((0, FbScalar.U8(deprecatedCode(c))), (2, FbScalar.I32(1)), (3, FbScalar.I32(c)))
            : new FbTable((0, FbScalar.U8(deprecatedCode(c))), (2, FbScalar.I32(1)))).ToArray();
        var graph = new FbTable(
            (0, new FbTables(_tensors.ToArray())),
            (1, new FbInts(_inputs.ToArray())),
            (2, new FbInts(_outputs.ToArray())),
            (3, new FbTables(_operators.ToArray())),
            (4, new FbString("main")));
        var model = new FbTable(
            (0, FbScalar.I32(3)),
            (1, new FbTables(codes)),
            (2, new FbTables(graph)),
            (3, new FbString("built by the tests")),
            (4, new FbTables(_buffers.ToArray())));
        return FlatBufferWriter.Write(model, "TFL3");
    }
}
