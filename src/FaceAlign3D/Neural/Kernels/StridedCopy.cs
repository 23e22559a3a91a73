using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FaceAlign3D.Neural.Kernels;

/// <summary>Copies every <c>stride</c>-th element of a row, zero where the source index falls outside it (im2col rows).</summary>
internal static class StridedCopy
{
    private static readonly Vector512<int> EvenLanes = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);

    /// <summary>destination[r] = source[start + r * stride] when that index is inside source, else 0.</summary>
    public static void Copy(ReadOnlySpan<float> source, int start, int stride, Span<float> destination)
    {
        int count = destination.Length, width = source.Length;
        // Valid r: 0 <= start + r*stride < width.
        int first = start >= 0 ? 0 : Math.Min(count, (-start + stride - 1) / stride);
        int end = start >= width ? first : Math.Clamp((width - 1 - start) / stride + 1, first, count);
        destination[..first].Clear();
        destination[end..].Clear();
        ref float s = ref MemoryMarshal.GetReference(source);
        ref float d = ref MemoryMarshal.GetReference(destination);
        int r = first;
        if (stride == 1)
        {
            source.Slice(start + first, end - first).CopyTo(destination[first..end]);
            return;
        }
        if (stride == 2 && Avx512F.IsSupported)
            for (; r + 16 <= end && start + 2 * r + 32 <= width; r += 16)
            {
                ref float at = ref Unsafe.Add(ref s, start + 2 * r);
                var lo = Vector512.LoadUnsafe(ref at);
                var hi = Vector512.LoadUnsafe(ref Unsafe.Add(ref at, 16));
                Avx512F.PermuteVar16x32x2(lo, EvenLanes, hi).StoreUnsafe(ref Unsafe.Add(ref d, r));
            }
        for (; r < end; r++)
            Unsafe.Add(ref d, r) = Unsafe.Add(ref s, start + r * stride);
    }
}
