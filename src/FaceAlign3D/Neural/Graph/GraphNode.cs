namespace FaceAlign3D.Neural.Graph;

/// <summary>
/// One operator application. Op types use ONNX names; other front ends map their operators onto these.
/// An empty input name marks an omitted optional input.
/// </summary>
internal sealed record GraphNode(string Name, string OpType, string[] Inputs, string[] Outputs, NodeAttributes Attributes)
{
    /// <summary>A name for messages: the node name when it has one, else its first output.</summary>
    public string Label => string.IsNullOrEmpty(Name) ? $"{OpType} -> {Outputs.FirstOrDefault()}" : $"{OpType} '{Name}'";
}
