namespace FaceAlign3D.Neural.Planning;

/// <summary>Shape arithmetic shared by the operators.</summary>
internal static class Shapes
{
    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(",", shape.ToArray()) + "]";

    public static int Size(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int d in shape)
            n *= d;
        return checked((int)n);
    }

    /// <summary>Product of dims [from, to).</summary>
    public static int Product(ReadOnlySpan<int> shape, int from, int to)
    {
        int n = 1;
        for (int i = from; i < to; i++)
            n *= shape[i];
        return n;
    }

    public static int NormalizeAxis(long axis, int rank, PlanNode node, string what = "axis")
    {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
            throw node.Error($"{what} {axis} is out of range for rank {rank}");
        return (int)a;
    }

    /// <summary>Numpy-style broadcast of two shapes.</summary>
    public static int[] Broadcast(int[] a, int[] b, PlanNode node)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i - (rank - a.Length) >= 0 ? a[i - (rank - a.Length)] : 1;
            int db = i - (rank - b.Length) >= 0 ? b[i - (rank - b.Length)] : 1;
            if (da != db && da != 1 && db != 1)
                throw node.Error($"shapes {Format(a)} and {Format(b)} cannot be broadcast");
            result[i] = da == 1 ? db : da;
        }
        return result;
    }

    /// <summary>Row-major strides of <paramref name="shape"/> right-aligned to <paramref name="outShape"/>; broadcast dims get stride 0.</summary>
    public static int[] BroadcastStrides(int[] shape, int[] outShape)
    {
        int rank = outShape.Length;
        var strides = new int[rank];
        int stride = 1;
        for (int i = rank - 1; i >= 0; i--)
        {
            int j = i - (rank - shape.Length);
            int d = j >= 0 ? shape[j] : 1;
            strides[i] = d == 1 ? 0 : stride;
            stride *= d;
        }
        return strides;
    }

    public static int[] Strides(ReadOnlySpan<int> shape)
    {
        var strides = new int[shape.Length];
        int s = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= shape[i];
        }
        return strides;
    }
}
