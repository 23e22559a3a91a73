namespace FaceAlign3D.Neural.Runtime;

/// <summary>
/// Where one runtime tensor lives: a caller-provided input (by index), or a range of a float array (the
/// session arena, or a constant's own array).
/// </summary>
internal sealed class TensorSlot
{
    public TensorSlot(string name, int[] shape)
    {
        Name = name;
        Shape = shape;
        Length = checked((int)Graph.ConstantTensor.ElementCount(shape));
    }

    public string Name { get; }
    public int[] Shape { get; }
    public int Length { get; }
    public float[] Array { get; set; } = [];
    public int Offset { get; set; }
    /// <summary>Index of the graph input this slot reads, or -1.</summary>
    public int InputIndex { get; set; } = -1;
}
