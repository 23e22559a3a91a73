namespace FaceAlign3D.Neural;

/// <summary>A named session input or output with its fixed shape.</summary>
internal sealed record TensorInfo(string Name, int[] Shape)
{
    public int Length => Shape.Aggregate(1, (a, d) => checked(a * d));

    public override string ToString() => $"{Name}[{string.Join(",", Shape)}]";
}
