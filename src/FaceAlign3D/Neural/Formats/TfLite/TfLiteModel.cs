using FaceAlign3D.Formats;
namespace FaceAlign3D.Neural.Formats.TfLite;

/// <summary>TFLite TensorType values (schema.fbs).</summary>
internal enum TfLiteTensorType : byte
{
    Float32 = 0,
    Float16 = 1,
    Int32 = 2,
    UInt8 = 3,
    Int64 = 4,
    String = 5,
    Bool = 6,
    Int16 = 7,
    Complex64 = 8,
    Int8 = 9,
    Float64 = 10,
}

/// <summary>One tensor of a subgraph; <see cref="Buffer"/> indexes <see cref="TfLiteModel.Buffers"/> (0 = no data).</summary>
internal sealed record TfLiteTensor(string Name, int[] Shape, TfLiteTensorType Type, int Buffer);

/// <summary>
/// One operator application: the builtin code it resolves to (or the custom code), tensor indices (-1 for an
/// omitted optional input) and its builtin options table, read lazily by <see cref="TfLiteOptions"/>.
/// </summary>
internal sealed record TfLiteOperator(int Index, int BuiltinCode, string? CustomCode, int[] Inputs, int[] Outputs, byte OptionsType, TfLiteOptions Options)
{
    public string OpName => CustomCode is not null ? $"CUSTOM '{CustomCode}'" : TfLiteBuiltins.Name(BuiltinCode);
}

internal sealed record TfLiteSubGraph(string Name, TfLiteTensor[] Tensors, int[] Inputs, int[] Outputs, TfLiteOperator[] Operators);

/// <summary>
/// A parsed TFLite model: its main (first) subgraph, the number of subgraphs in the file, the raw contents of
/// its buffers and the file length (which bounds how much constant data conversion may produce).
/// </summary>
internal sealed record TfLiteModel(string Source, uint Version, TfLiteSubGraph Main, int SubGraphCount, ReadOnlyMemory<byte>[] Buffers, long FileLength);

/// <summary>Names of the BuiltinOperator codes, for messages and dispatch.</summary>
internal static class TfLiteBuiltins
{
    public const int Add = 0, AveragePool2D = 1, Concatenation = 2, Conv2D = 3, DepthwiseConv2D = 4, Dequantize = 6,
        FullyConnected = 9, Logistic = 14, MaxPool2D = 17, Mul = 18, Relu = 19, Relu6 = 21, Reshape = 22,
        ResizeBilinear = 23, Softmax = 25, Tanh = 28, Custom = 32, Pad = 34, Transpose = 39, Mean = 40, Sub = 41,
        Div = 42, StridedSlice = 45, PRelu = 54;

    private static readonly Dictionary<int, string> Names = new()
    {
        [Add] = "ADD", [AveragePool2D] = "AVERAGE_POOL_2D", [Concatenation] = "CONCATENATION", [Conv2D] = "CONV_2D",
        [DepthwiseConv2D] = "DEPTHWISE_CONV_2D", [Dequantize] = "DEQUANTIZE", [FullyConnected] = "FULLY_CONNECTED",
        [Logistic] = "LOGISTIC", [MaxPool2D] = "MAX_POOL_2D", [Mul] = "MUL", [Relu] = "RELU", [Relu6] = "RELU6",
        [Reshape] = "RESHAPE", [ResizeBilinear] = "RESIZE_BILINEAR", [Softmax] = "SOFTMAX", [Tanh] = "TANH",
        [Custom] = "CUSTOM", [Pad] = "PAD", [Transpose] = "TRANSPOSE", [Mean] = "MEAN", [Sub] = "SUB", [Div] = "DIV",
        [StridedSlice] = "STRIDED_SLICE", [PRelu] = "PRELU",
    };

    public static string Name(int code) => Names.TryGetValue(code, out var name) ? name : $"builtin operator {code}";
}

/// <summary>
/// The builtin options table of an operator. Field indices follow schema.fbs for each options type; an
/// operator without options reads every field as its schema default.
/// </summary>
internal sealed class TfLiteOptions
{
    private readonly FlatTable? _table;

    internal TfLiteOptions(FlatTable? table) => _table = table;

    public static TfLiteOptions None { get; } = new(null);

    public int Int(int field, int fallback) => _table is { } t ? t.I32(field, fallback) : fallback;

    public byte Byte(int field, byte fallback = 0) => _table is { } t ? t.U8(field, fallback) : fallback;
}
