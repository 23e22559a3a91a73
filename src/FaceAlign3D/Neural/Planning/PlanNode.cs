using FaceAlign3D.Formats;
using FaceAlign3D.Neural.Graph;

namespace FaceAlign3D.Neural.Planning;

/// <summary>A graph node with the static facts the planner has found: input shapes, constant inputs, output shapes.</summary>
internal sealed class PlanNode
{
    public PlanNode(GraphNode node, int[]?[] inputShapes, ConstantTensor?[] inputConstants, ModelGraph graph)
    {
        Node = node;
        InputShapes = inputShapes;
        InputConstants = inputConstants;
        Source = graph.Source;
        Layout = graph.Layout;
        Opset = graph.OpsetVersion;
    }

    public GraphNode Node { get; }
    public string Label => Node.Label;
    public string OpType => Node.OpType;
    public NodeAttributes Attributes => Node.Attributes;
    public string Source { get; }
    public TensorLayout Layout { get; }
    public int Opset { get; }

    /// <summary>Shapes of the inputs; null for an omitted optional input.</summary>
    public int[]?[] InputShapes { get; }
    public ConstantTensor?[] InputConstants { get; }
    public int[][] OutputShapes { get; set; } = [];

    /// <summary>Activation and affine terms merged into this node by fusion (Conv only).</summary>
    public ConvEpilogue? Epilogue { get; set; }
    /// <summary>The output names after fusion (a fused node writes the last fused node's output).</summary>
    public string[] Outputs { get; set; } = [];

    public bool HasInput(int index) => index < InputShapes.Length && InputShapes[index] is not null;

    public int[] InputShape(int index) =>
        HasInput(index) ? InputShapes[index]! : throw Error($"input #{index} is required");

    public ConstantTensor RequireConstant(int index, string role)
    {
        if (!HasInput(index))
            throw Error($"{role} input is missing");
        return InputConstants[index] ?? throw Error($"{role} input '{Node.Inputs[index]}' must be a constant");
    }

    public ConstantTensor? OptionalConstant(int index, string role) => HasInput(index) ? RequireConstant(index, role) : null;

    public ModelFormatException Error(string reason) => new(Source, $"{Label}: {reason}");
}
