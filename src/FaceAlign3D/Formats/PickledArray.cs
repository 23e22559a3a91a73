namespace FaceAlign3D.Formats;

/// <summary>
/// A numpy ndarray as stored in a pickle: dtype name ("f8", "i4", ...), shape, memory order and the raw
/// little-endian element bytes.
/// </summary>
internal sealed class PickledArray
{
    internal PickledArray(string dtype, int[] shape, bool fortranOrder, byte[] data)
    {
        DType = dtype;
        Shape = shape;
        FortranOrder = fortranOrder;
        Data = data;
    }

    public string DType { get; }
    public int[] Shape { get; }
    public bool FortranOrder { get; }
    internal byte[] Data { get; }

    public long ElementCount => Shape.Aggregate(1L, (a, d) => a * d);

    /// <summary>The elements as float in C (row-major) order, whatever the stored order.</summary>
    public DenseArray<float> ToFloat() => new((int[])Shape.Clone(), ToCOrder(ElementDecoder.ToFloat(DType, Data)));

    /// <summary>The elements as int in C (row-major) order; values outside int range throw.</summary>
    public DenseArray<int> ToInt32()
    {
        try { return new((int[])Shape.Clone(), ToCOrder(ElementDecoder.ToInt32(DType, Data))); }
        catch (OverflowException e) { throw new ModelFormatException(null, $"array of {DType} has values outside the int range", e); }
    }

    private T[] ToCOrder<T>(T[] values)
    {
        if (!FortranOrder || Shape.Length < 2)
            return values;
        // Fortran order: the first index varies fastest. Walk the C-order index and map it.
        var result = new T[values.Length];
        int rank = Shape.Length;
        var fortranStride = new long[rank];
        fortranStride[0] = 1;
        for (int d = 1; d < rank; d++)
            fortranStride[d] = fortranStride[d - 1] * Shape[d - 1];
        var index = new int[rank];
        for (long c = 0; c < result.LongLength; c++)
        {
            long f = 0;
            for (int d = 0; d < rank; d++)
                f += index[d] * fortranStride[d];
            result[c] = values[f];
            for (int d = rank - 1; d >= 0; d--)
            {
                if (++index[d] < Shape[d]) break;
                index[d] = 0;
            }
        }
        return result;
    }

    public override string ToString() => $"{DType}[{string.Join(",", Shape)}]{(FortranOrder ? " (Fortran order)" : "")}";
}
