namespace FaceAlign3D.Neural.Graph;

/// <summary>
/// A constant tensor (initializer, Constant node or folded value). Floating-point tensors are held as
/// float, integer and boolean tensors as long; exactly one of <see cref="Floats"/> and <see cref="Longs"/> is set.
/// </summary>
internal sealed class ConstantTensor
{
    private ConstantTensor(string name, int[] shape, float[]? floats, long[]? longs)
    {
        long count = ElementCount(shape);
        long actual = floats?.LongLength ?? longs!.LongLength;
        if (count != actual)
            throw new ArgumentException($"tensor '{name}': shape [{string.Join(",", shape)}] holds {count} elements but {actual} were given");
        Name = name;
        Shape = shape;
        Floats = floats;
        Longs = longs;
    }

    public static ConstantTensor OfFloats(string name, int[] shape, float[] data) => new(name, shape, data, null);

    public static ConstantTensor OfLongs(string name, int[] shape, long[] data) => new(name, shape, null, data);

    public string Name { get; }
    public int[] Shape { get; }
    public float[]? Floats { get; }
    public long[]? Longs { get; }

    public bool IsFloat => Floats is not null;
    public int Length => Floats?.Length ?? Longs!.Length;

    /// <summary>The values as float (integer tensors converted).</summary>
    public float[] AsFloats() => Floats ?? Array.ConvertAll(Longs!, v => (float)v);

    /// <summary>The values as long (float tensors truncated toward zero).</summary>
    public long[] AsLongs() => Longs ?? Array.ConvertAll(Floats!, v => (long)v);

    public ConstantTensor WithShape(string name, int[] shape) => new(name, shape, Floats, Longs);

    public static long ElementCount(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int d in shape)
            n *= d;
        return n;
    }

    public override string ToString() => $"{Name}[{string.Join(",", Shape)}]";
}
