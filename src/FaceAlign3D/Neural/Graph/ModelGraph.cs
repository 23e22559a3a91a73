namespace FaceAlign3D.Neural.Graph;

/// <summary>
/// A format-neutral inference graph: nodes in any order, constant tensors by name, named inputs and
/// outputs, and the layout its spatial operators use. Immutable once built by a format reader.
/// </summary>
internal sealed class ModelGraph
{
    public ModelGraph(string source, TensorLayout layout, int opsetVersion, IReadOnlyList<ValueInfo> inputs,
        IReadOnlyList<ValueInfo> outputs, IReadOnlyList<GraphNode> nodes, IReadOnlyDictionary<string, ConstantTensor> constants)
    {
        Source = source;
        Layout = layout;
        OpsetVersion = opsetVersion;
        Inputs = inputs;
        Outputs = outputs;
        Nodes = nodes;
        Constants = constants;
    }

    /// <summary>The file or stream name the graph came from, for messages.</summary>
    public string Source { get; }
    public TensorLayout Layout { get; }
    /// <summary>The operator-set version of the default domain (ONNX semantics differ between versions for a few ops).</summary>
    public int OpsetVersion { get; }
    public IReadOnlyList<ValueInfo> Inputs { get; }
    public IReadOnlyList<ValueInfo> Outputs { get; }
    public IReadOnlyList<GraphNode> Nodes { get; }
    public IReadOnlyDictionary<string, ConstantTensor> Constants { get; }
}
