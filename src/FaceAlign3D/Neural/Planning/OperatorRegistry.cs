using FaceAlign3D.Neural.Kernels;

namespace FaceAlign3D.Neural.Planning;

/// <summary>The operators the engine runs, by ONNX op type. Constant, Shape, Cast and ConstantOfShape are handled by the planner itself.</summary>
internal static class OperatorRegistry
{
    private static readonly Dictionary<string, Operator> Operators = Build();

    public static bool TryGet(string opType, out Operator op) => Operators.TryGetValue(opType, out op!);

    public static IEnumerable<string> OpTypes => Operators.Keys.Concat(["Constant", "Shape", "Cast", "ConstantOfShape"]);

    private static Dictionary<string, Operator> Build()
    {
        var unary = new UnaryOperator();
        var binary = new BinaryOperator();
        var pool = new PoolOperator();
        var globalPool = new GlobalPoolOperator();
        var gemm = new GemmOperator();
        var resize = new ResizeOperator();
        var identity = new IdentityOperator();
        var map = new Dictionary<string, Operator>
        {
            ["Conv"] = new ConvOperator(),
            ["BatchNormalization"] = new BatchNormOperator(),
            ["MaxPool"] = pool,
            ["AveragePool"] = pool,
            ["GlobalAveragePool"] = globalPool,
            ["GlobalMaxPool"] = globalPool,
            ["Gemm"] = gemm,
            ["MatMul"] = gemm,
            ["Concat"] = new ConcatOperator(),
            ["Gather"] = new GatherOperator(),
            ["Slice"] = new SliceOperator(),
            ["Transpose"] = new TransposeOperator(),
            ["Pad"] = new PadOperator(),
            ["Softmax"] = new SoftmaxOperator(),
            ["Resize"] = resize,
            ["Upsample"] = resize,
            ["Reshape"] = new ReshapeOperator(),
            ["Flatten"] = new FlattenOperator(),
            ["Squeeze"] = new SqueezeOperator(),
            ["Unsqueeze"] = new UnsqueezeOperator(),
            ["Identity"] = identity,
            ["Dropout"] = identity,
        };
        foreach (var op in new[] { "Relu", "Neg", "Sigmoid", "Exp", "Tanh", "Sqrt", "Abs", "LeakyRelu", "Clip" })
            map[op] = unary;
        foreach (var op in new[] { "Add", "Sub", "Mul", "Div", "PRelu" })
            map[op] = binary;
        return map;
    }
}
