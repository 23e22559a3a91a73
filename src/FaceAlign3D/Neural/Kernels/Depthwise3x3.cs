using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FaceAlign3D.Neural.Kernels;

/// <summary>
/// Rows of a 3x3 depthwise convolution (stride 1 or 2, dilation 1) with the shift and activation applied as
/// each output vector is stored. Padding rows are passed as a row of zeros, so only the left and right
/// borders need bounds checks.
/// </summary>
internal static class Depthwise3x3
{
    private static readonly Vector512<int> EvenLanes = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    private static readonly Vector512<int> OddLanes = Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);

    /// <summary>Computes one output row from three input rows.</summary>
    public static void Row(ReadOnlySpan<float> r0, ReadOnlySpan<float> r1, ReadOnlySpan<float> r2, ReadOnlySpan<float> w,
        Span<float> y, int stride, int padLeft, Activation act, int channel)
    {
        int inWidth = r0.Length, outWidth = y.Length;
        // Interior: columns whose window [ow*stride - padLeft, +2] lies inside the row.
        int lo = Math.Min(outWidth, (padLeft + stride - 1) / stride);
        int hi = inWidth - 3 + padLeft < 0 ? lo : Math.Max(lo, Math.Min(outWidth, (inWidth - 3 + padLeft) / stride + 1));
        int ow = lo;
        if (stride == 1 && Simd.Best != SimdWidth.Scalar)
        {
            // Wide vectors first, then narrower ones; a final vector may overlap the previous one (same values).
            if (Simd.Best == SimdWidth.V512 && hi - lo >= Vec512.Count)
                ow = InteriorStride1<Vec512>(r0, r1, r2, w, y, lo, hi, padLeft, act, channel);
            if (hi - ow > 0 && hi - lo >= Vec256.Count)
                ow = InteriorStride1<Vec256>(r0, r1, r2, w, y, Math.Max(lo, Math.Min(ow, hi - Vec256.Count)), hi, padLeft, act, channel);
        }
        else if (stride == 2 && Avx512F.IsSupported)
            ow = InteriorStride2(r0, r1, r2, w, y, lo, hi, padLeft, act, channel);
        Scalar(r0, r1, r2, w, y, stride, padLeft, 0, lo, act, channel);
        Scalar(r0, r1, r2, w, y, stride, padLeft, ow, outWidth, act, channel);
    }

    private static void Scalar(ReadOnlySpan<float> r0, ReadOnlySpan<float> r1, ReadOnlySpan<float> r2, ReadOnlySpan<float> w,
        Span<float> y, int stride, int padLeft, int from, int to, Activation act, int channel)
    {
        for (int ow = from; ow < to; ow++)
        {
            float acc = 0;
            for (int kj = 0; kj < 3; kj++)
            {
                int iw = ow * stride - padLeft + kj;
                if ((uint)iw >= (uint)r0.Length) continue;
                acc += w[kj] * r0[iw] + w[3 + kj] * r1[iw] + w[6 + kj] * r2[iw];
            }
            y[ow] = act.Apply(acc, channel);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int InteriorStride1<TV>(ReadOnlySpan<float> r0, ReadOnlySpan<float> r1, ReadOnlySpan<float> r2, ReadOnlySpan<float> w,
        Span<float> y, int lo, int hi, int padLeft, Activation act, int channel) where TV : struct, ISimdVector<TV>
    {
        ref float a = ref MemoryMarshal.GetReference(r0);
        ref float b = ref MemoryMarshal.GetReference(r1);
        ref float c = ref MemoryMarshal.GetReference(r2);
        ref float o = ref MemoryMarshal.GetReference(y);
        TV w0 = TV.Broadcast(w[0]), w1 = TV.Broadcast(w[1]), w2 = TV.Broadcast(w[2]);
        TV w3 = TV.Broadcast(w[3]), w4 = TV.Broadcast(w[4]), w5 = TV.Broadcast(w[5]);
        TV w6 = TV.Broadcast(w[6]), w7 = TV.Broadcast(w[7]), w8 = TV.Broadcast(w[8]);
        int ow = lo;
        for (; ow <= hi - TV.Count; ow += TV.Count)
        {
            nint i = ow - padLeft;
            TV acc = TV.Multiply(w0, TV.Load(ref Unsafe.Add(ref a, i)));
            acc = TV.MultiplyAdd(w1, TV.Load(ref Unsafe.Add(ref a, i + 1)), acc);
            acc = TV.MultiplyAdd(w2, TV.Load(ref Unsafe.Add(ref a, i + 2)), acc);
            acc = TV.MultiplyAdd(w3, TV.Load(ref Unsafe.Add(ref b, i)), acc);
            acc = TV.MultiplyAdd(w4, TV.Load(ref Unsafe.Add(ref b, i + 1)), acc);
            acc = TV.MultiplyAdd(w5, TV.Load(ref Unsafe.Add(ref b, i + 2)), acc);
            acc = TV.MultiplyAdd(w6, TV.Load(ref Unsafe.Add(ref c, i)), acc);
            acc = TV.MultiplyAdd(w7, TV.Load(ref Unsafe.Add(ref c, i + 1)), acc);
            acc = TV.MultiplyAdd(w8, TV.Load(ref Unsafe.Add(ref c, i + 2)), acc);
            TV.Store(act.Apply(acc, channel), ref Unsafe.Add(ref o, ow));
            if (ow + TV.Count < hi && ow + 2 * TV.Count > hi)
                ow = hi - 2 * TV.Count; // the next step ends exactly at hi
        }
        return ow;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int InteriorStride2(ReadOnlySpan<float> r0, ReadOnlySpan<float> r1, ReadOnlySpan<float> r2, ReadOnlySpan<float> w,
        Span<float> y, int lo, int hi, int padLeft, Activation act, int channel)
    {
        ref float o = ref MemoryMarshal.GetReference(y);
        Vector512<float> w0 = Vector512.Create(w[0]), w1 = Vector512.Create(w[1]), w2 = Vector512.Create(w[2]);
        Vector512<float> w3 = Vector512.Create(w[3]), w4 = Vector512.Create(w[4]), w5 = Vector512.Create(w[5]);
        Vector512<float> w6 = Vector512.Create(w[6]), w7 = Vector512.Create(w[7]), w8 = Vector512.Create(w[8]);
        int ow = lo;
        // 16 outputs read input columns [2*ow - padLeft, 2*ow - padLeft + 33); the last load ends at +34.
        for (; ow <= hi - 16 && 2 * ow - padLeft + 34 <= r0.Length; ow += 16)
        {
            int i = 2 * ow - padLeft;
            var acc = Taps(r0, i, w0, w1, w2, Vector512<float>.Zero);
            acc = Taps(r1, i, w3, w4, w5, acc);
            acc = Taps(r2, i, w6, w7, w8, acc);
            var v = new Vec512 { V = acc };
            Vec512.Store(act.Apply(v, channel), ref Unsafe.Add(ref o, ow));
        }
        return ow;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Taps(ReadOnlySpan<float> row, int i, Vector512<float> wa, Vector512<float> wb, Vector512<float> wc, Vector512<float> acc)
    {
        ref float r = ref MemoryMarshal.GetReference(row);
        var a = Vector512.LoadUnsafe(ref r, (nuint)i);
        var b = Vector512.LoadUnsafe(ref r, (nuint)(i + 16));
        var c = Vector512.LoadUnsafe(ref r, (nuint)(i + 2));
        var d = Vector512.LoadUnsafe(ref r, (nuint)(i + 18));
        acc = Vector512.FusedMultiplyAdd(wa, Avx512F.PermuteVar16x32x2(a, EvenLanes, b), acc);
        acc = Vector512.FusedMultiplyAdd(wb, Avx512F.PermuteVar16x32x2(a, OddLanes, b), acc);
        return Vector512.FusedMultiplyAdd(wc, Avx512F.PermuteVar16x32x2(c, EvenLanes, d), acc);
    }
}
