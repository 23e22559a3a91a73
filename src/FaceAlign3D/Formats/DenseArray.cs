namespace FaceAlign3D.Formats;

/// <summary>A dense row-major array read from a tensor file, with its shape.</summary>
internal sealed record DenseArray<T>(int[] Shape, T[] Data)
{
    public long ElementCount => Data.LongLength;

    public override string ToString() => $"[{string.Join(",", Shape)}]";
}
