using FaceAlign3D.Neural.Planning;

namespace FaceAlign3D.Neural.Kernels;

/// <summary>
/// Element-type-neutral copies (concat, gather, slice, transpose). Runtime kernels use them on float tensors,
/// the constant folder on float and integer tensors.
/// </summary>
internal static class DataMovement
{
    /// <summary>Copies one concat input into its place: <paramref name="outer"/> blocks of <paramref name="block"/> elements at <paramref name="offset"/> within output blocks of <paramref name="outBlock"/>.</summary>
    public static void ConcatPart<T>(ReadOnlySpan<T> source, Span<T> destination, int outer, int block, int outBlock, int offset)
    {
        for (int o = 0; o < outer; o++)
            source.Slice(o * block, block).CopyTo(destination.Slice(o * outBlock + offset, block));
    }

    public static void Gather<T>(ReadOnlySpan<T> data, int[] shape, int axis, ReadOnlySpan<long> indices, Span<T> destination)
    {
        int outer = Shapes.Product(shape, 0, axis), inner = Shapes.Product(shape, axis + 1, shape.Length), dim = shape[axis];
        int k = 0;
        for (int o = 0; o < outer; o++)
            foreach (long raw in indices)
            {
                long index = raw < 0 ? raw + dim : raw;
                if ((ulong)index >= (ulong)dim)
                    throw new ArgumentOutOfRangeException(nameof(indices), $"index {raw} is out of range for dimension {dim}");
                data.Slice((o * dim + (int)index) * inner, inner).CopyTo(destination.Slice(k++ * inner, inner));
            }
    }

    /// <summary>Strided copy: output element i (multi-index j) reads input at start[d] + j[d] * step[d] on every dim.</summary>
    public static void Slice<T>(ReadOnlySpan<T> source, int[] shape, int[] starts, int[] steps, int[] outShape, Span<T> destination)
    {
        int rank = shape.Length;
        if (Shapes.Size(outShape) == 0) return;
        Span<int> inStrides = stackalloc int[rank];
        StridesOf(shape, inStrides);
        Span<int> index = stackalloc int[rank];
        int inner = outShape[rank - 1], innerStep = steps[rank - 1] * inStrides[rank - 1];
        for (int o = 0, count = Shapes.Size(outShape); o < count; o += inner)
        {
            int src = 0;
            for (int d = 0; d < rank; d++)
                src += (starts[d] + index[d] * steps[d]) * inStrides[d];
            if (innerStep == 1)
                source.Slice(src, inner).CopyTo(destination.Slice(o, inner));
            else
                for (int i = 0; i < inner; i++)
                    destination[o + i] = source[src + i * innerStep];
            for (int d = rank - 2; d >= 0; d--)
            {
                if (++index[d] < outShape[d]) break;
                index[d] = 0;
            }
        }
    }

    public static void Transpose<T>(ReadOnlySpan<T> source, ReadOnlySpan<int> shape, ReadOnlySpan<int> perm, Span<T> destination)
    {
        int rank = shape.Length;
        Span<int> inStrides = stackalloc int[rank];
        StridesOf(shape, inStrides);
        Span<int> outShape = stackalloc int[rank];
        Span<int> strides = stackalloc int[rank]; // source stride of each output dimension
        for (int d = 0; d < rank; d++)
        {
            outShape[d] = shape[perm[d]];
            strides[d] = inStrides[perm[d]];
        }
        int count = Shapes.Size(outShape);
        if (count == 0) return;
        Span<int> index = stackalloc int[rank];
        int inner = outShape[rank - 1], innerStride = strides[rank - 1];
        for (int o = 0; o < count; o += inner)
        {
            int src = 0;
            for (int d = 0; d < rank - 1; d++)
                src += index[d] * strides[d];
            for (int i = 0; i < inner; i++)
                destination[o + i] = source[src + i * innerStride];
            for (int d = rank - 2; d >= 0; d--)
            {
                if (++index[d] < outShape[d]) break;
                index[d] = 0;
            }
        }
    }

    private static void StridesOf(ReadOnlySpan<int> shape, Span<int> strides)
    {
        int s = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= shape[i];
        }
    }
}
