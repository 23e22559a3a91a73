namespace FaceAlign3D.Neural.Graph;

/// <summary>A named graph input or output. A dimension of -1 is dynamic (named by <see cref="DimNames"/> when the model names it).</summary>
internal sealed record ValueInfo(string Name, int[] Shape, string?[] DimNames, bool IsFloat)
{
    public override string ToString() => $"{Name}[{string.Join(",", Shape.Select((d, i) => d >= 0 ? d.ToString() : DimNames[i] ?? "?"))}]";
}
