using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FaceAlign3D.Neural.Kernels;

/// <summary>
/// C[M x N] = act(A[M x K] * B[K x N] + shift) with A pre-packed (<see cref="PackedMatrix"/>) and B, C
/// row-major with explicit row strides. The micro-kernel keeps an 8-row x 2-vector block of C in registers for deep products
/// (4 rows otherwise and for a last odd panel), or 8 rows x 1 vector where only one vector of columns is left (small planes such as 4x4).
/// With a CRelu activation, C also receives the negated half <see cref="Activation.MirrorOffset"/> floats further on.
/// </summary>
internal static class Gemm
{
    /// <summary>
    /// The shortest depth for 8-row blocks. Below it the 16 stores of their epilogue weigh more than the B reads they save:
    /// measured slower on RFB-320's 16- to 64-deep pointwise layers, faster on FaceBoxes' 128- to 1200-deep ones.
    /// </summary>
    private const int PairMinDepth = 128;
    /// <summary>Computes columns [columnStart, columnEnd) of C.</summary>
    public static void Multiply(PackedMatrix a, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, int columnStart, int columnEnd, Activation activation)
    {
        if (a.Depth > 0 && (long)(a.Depth - 1) * ldb + columnEnd > b.Length)
            throw new ArgumentException("B is too small for the requested columns");
        Multiply(a, b, new StridedRows(ldb), c, ldc, columnStart, columnEnd, activation);
    }

    /// <summary>
    /// Computes columns [columnStart, columnEnd) of C where row p of B starts at b[rowOffsets[p]] (B is never
    /// materialised: a direct convolution reads its rows straight from the input).
    /// </summary>
    public static void Multiply(PackedMatrix a, ReadOnlySpan<float> b, int[] rowOffsets, Span<float> c, int ldc, int columnStart, int columnEnd, Activation activation)
    {
        if (rowOffsets.Length != a.Depth)
            throw new ArgumentException("one B row offset per depth index is needed");
        foreach (int offset in rowOffsets)
            if (offset < 0 || (long)offset + columnEnd > b.Length)
                throw new ArgumentException("B is too small for the requested columns");
        Multiply(a, b, new IndexedRows(rowOffsets), c, ldc, columnStart, columnEnd, activation);
    }

    private static void Multiply<TRows>(PackedMatrix a, ReadOnlySpan<float> b, TRows bRows, Span<float> c, int ldc, int columnStart, int columnEnd, Activation activation)
        where TRows : struct, IRowOffsets
    {
        switch (Simd.Best)
        {
            case SimdWidth.V512: Multiply<Vec512, TRows>(a, b, bRows, c, ldc, columnStart, columnEnd, activation); break;
            case SimdWidth.V256: Multiply<Vec256, TRows>(a, b, bRows, c, ldc, columnStart, columnEnd, activation); break;
            default: Multiply<Vec1, TRows>(a, b, bRows, c, ldc, columnStart, columnEnd, activation); break;
        }
    }

    private static void Multiply<TV, TRows>(PackedMatrix a, ReadOnlySpan<float> b, TRows bRows, Span<float> c, int ldc, int columnStart, int columnEnd, Activation activation)
        where TV : struct, ISimdVector<TV> where TRows : struct, IRowOffsets
    {
        int k = a.Depth;
        if ((long)(a.Rows - 1) * ldc + activation.MirrorOffset + columnEnd > c.Length)
            throw new ArgumentException("C is too small for the requested rows");
        ref float bRef = ref MemoryMarshal.GetReference(b);
        ref float cRef = ref MemoryMarshal.GetReference(c);
        ref float aRef = ref MemoryMarshal.GetArrayDataReference(a.Data);
        int w = TV.Count;
        int j = columnStart;
        bool pairs = k >= PairMinDepth;
        for (; j <= columnEnd - 2 * w; j += 2 * w)
            for (int p = 0; p < a.Panels; p += pairs ? 2 : 1)
                if (pairs && p + 1 < a.Panels)
                    Block2Pair<TV, TRows>(ref Unsafe.Add(ref aRef, p * PackedMatrix.PanelRows * k), k, ref Unsafe.Add(ref bRef, j), bRows,
                        ref Unsafe.Add(ref cRef, p * PackedMatrix.PanelRows * ldc + j), ldc, p * PackedMatrix.PanelRows, a.Rows, activation);
                else
                    Block2<TV, TRows>(ref Unsafe.Add(ref aRef, p * PackedMatrix.PanelRows * k), k, ref Unsafe.Add(ref bRef, j), bRows,
                        ref Unsafe.Add(ref cRef, p * PackedMatrix.PanelRows * ldc + j), ldc, p * PackedMatrix.PanelRows, a.Rows, activation);
        // One vector of columns: two panels at once, so 8 independent accumulators hide the FMA latency.
        for (; j <= columnEnd - w; j += w)
            for (int p = 0; p < a.Panels; p += 2)
                Block1Pair<TV, TRows>(ref Unsafe.Add(ref aRef, p * PackedMatrix.PanelRows * k), k, ref Unsafe.Add(ref bRef, j), bRows,
                    ref Unsafe.Add(ref cRef, p * PackedMatrix.PanelRows * ldc + j), ldc, p * PackedMatrix.PanelRows, a.Rows, activation);
        if (j < columnEnd && typeof(TV) == typeof(Vec512) && Avx512F.IsSupported)
        {
            // Fewer columns than a vector: masked loads and stores instead of a scalar loop, two panels at once.
            for (int p = 0; p < a.Panels; p += 2)
                BlockMaskedPair(ref Unsafe.Add(ref aRef, p * PackedMatrix.PanelRows * k), k, ref Unsafe.Add(ref bRef, j), bRows,
                    ref Unsafe.Add(ref cRef, p * PackedMatrix.PanelRows * ldc + j), ldc, p * PackedMatrix.PanelRows, a.Rows, activation, columnEnd - j);
            return;
        }
        for (; j < columnEnd; j++)
            for (int p = 0; p < a.Panels; p += 2)
                Block1Pair<Vec1, TRows>(ref Unsafe.Add(ref aRef, p * PackedMatrix.PanelRows * k), k, ref Unsafe.Add(ref bRef, j), bRows,
                    ref Unsafe.Add(ref cRef, p * PackedMatrix.PanelRows * ldc + j), ldc, p * PackedMatrix.PanelRows, a.Rows, activation);
    }

    /// <summary>
    /// Rows [row0, row0 + 8) from two panels, two vectors of columns: 16 accumulators, so each B row loaded from L1
    /// feeds 16 FMAs and the block of B is read half as often as with 4-row blocks.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Block2Pair<TV, TRows>(ref float a, int k, ref float b, TRows bRows, ref float c, int ldc, int row0, int rows, Activation act)
        where TV : struct, ISimdVector<TV> where TRows : struct, IRowOffsets
    {
        TV c00 = TV.Zero, c01 = TV.Zero, c10 = TV.Zero, c11 = TV.Zero, c20 = TV.Zero, c21 = TV.Zero, c30 = TV.Zero, c31 = TV.Zero;
        TV c40 = TV.Zero, c41 = TV.Zero, c50 = TV.Zero, c51 = TV.Zero, c60 = TV.Zero, c61 = TV.Zero, c70 = TV.Zero, c71 = TV.Zero;
        nint w = TV.Count;
        ref float a2 = ref Unsafe.Add(ref a, PackedMatrix.PanelRows * k);
        for (int p = 0; p < k; p++)
        {
            ref float bp = ref Unsafe.Add(ref b, bRows.Row(p));
            TV b0 = TV.Load(ref bp), b1 = TV.Load(ref Unsafe.Add(ref bp, w));
            ref float ap = ref Unsafe.Add(ref a, p * 4);
            ref float aq = ref Unsafe.Add(ref a2, p * 4);
            TV a0 = TV.Broadcast(ap);
            c00 = TV.MultiplyAdd(a0, b0, c00); c01 = TV.MultiplyAdd(a0, b1, c01);
            TV a1 = TV.Broadcast(Unsafe.Add(ref ap, 1));
            c10 = TV.MultiplyAdd(a1, b0, c10); c11 = TV.MultiplyAdd(a1, b1, c11);
            TV a2v = TV.Broadcast(Unsafe.Add(ref ap, 2));
            c20 = TV.MultiplyAdd(a2v, b0, c20); c21 = TV.MultiplyAdd(a2v, b1, c21);
            TV a3 = TV.Broadcast(Unsafe.Add(ref ap, 3));
            c30 = TV.MultiplyAdd(a3, b0, c30); c31 = TV.MultiplyAdd(a3, b1, c31);
            TV a4 = TV.Broadcast(aq);
            c40 = TV.MultiplyAdd(a4, b0, c40); c41 = TV.MultiplyAdd(a4, b1, c41);
            TV a5 = TV.Broadcast(Unsafe.Add(ref aq, 1));
            c50 = TV.MultiplyAdd(a5, b0, c50); c51 = TV.MultiplyAdd(a5, b1, c51);
            TV a6 = TV.Broadcast(Unsafe.Add(ref aq, 2));
            c60 = TV.MultiplyAdd(a6, b0, c60); c61 = TV.MultiplyAdd(a6, b1, c61);
            TV a7 = TV.Broadcast(Unsafe.Add(ref aq, 3));
            c70 = TV.MultiplyAdd(a7, b0, c70); c71 = TV.MultiplyAdd(a7, b1, c71);
        }
        int valid = Math.Min(8, rows - row0);
        act.Store(c00, row0, ref c); act.Store(c01, row0, ref Unsafe.Add(ref c, w));
        if (valid < 2) return;
        ref float r1 = ref Unsafe.Add(ref c, ldc);
        act.Store(c10, row0 + 1, ref r1); act.Store(c11, row0 + 1, ref Unsafe.Add(ref r1, w));
        if (valid < 3) return;
        ref float r2 = ref Unsafe.Add(ref c, 2 * ldc);
        act.Store(c20, row0 + 2, ref r2); act.Store(c21, row0 + 2, ref Unsafe.Add(ref r2, w));
        if (valid < 4) return;
        ref float r3 = ref Unsafe.Add(ref c, 3 * ldc);
        act.Store(c30, row0 + 3, ref r3); act.Store(c31, row0 + 3, ref Unsafe.Add(ref r3, w));
        if (valid < 5) return;
        ref float r4 = ref Unsafe.Add(ref c, 4 * ldc);
        act.Store(c40, row0 + 4, ref r4); act.Store(c41, row0 + 4, ref Unsafe.Add(ref r4, w));
        if (valid < 6) return;
        ref float r5 = ref Unsafe.Add(ref c, 5 * ldc);
        act.Store(c50, row0 + 5, ref r5); act.Store(c51, row0 + 5, ref Unsafe.Add(ref r5, w));
        if (valid < 7) return;
        ref float r6 = ref Unsafe.Add(ref c, 6 * ldc);
        act.Store(c60, row0 + 6, ref r6); act.Store(c61, row0 + 6, ref Unsafe.Add(ref r6, w));
        if (valid < 8) return;
        ref float r7 = ref Unsafe.Add(ref c, 7 * ldc);
        act.Store(c70, row0 + 7, ref r7); act.Store(c71, row0 + 7, ref Unsafe.Add(ref r7, w));
    }

    // Not inlined: each block keeps its accumulators in registers only in a small method.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Block2<TV, TRows>(ref float a, int k, ref float b, TRows bRows, ref float c, int ldc, int row0, int rows, Activation act)
        where TV : struct, ISimdVector<TV> where TRows : struct, IRowOffsets
    {
        TV c00 = TV.Zero, c01 = TV.Zero, c10 = TV.Zero, c11 = TV.Zero, c20 = TV.Zero, c21 = TV.Zero, c30 = TV.Zero, c31 = TV.Zero;
        nint w = TV.Count;
        for (int p = 0; p < k; p++)
        {
            ref float bp = ref Unsafe.Add(ref b, bRows.Row(p));
            TV b0 = TV.Load(ref bp), b1 = TV.Load(ref Unsafe.Add(ref bp, w));
            ref float ap = ref Unsafe.Add(ref a, p * 4);
            TV a0 = TV.Broadcast(ap);
            c00 = TV.MultiplyAdd(a0, b0, c00); c01 = TV.MultiplyAdd(a0, b1, c01);
            TV a1 = TV.Broadcast(Unsafe.Add(ref ap, 1));
            c10 = TV.MultiplyAdd(a1, b0, c10); c11 = TV.MultiplyAdd(a1, b1, c11);
            TV a2 = TV.Broadcast(Unsafe.Add(ref ap, 2));
            c20 = TV.MultiplyAdd(a2, b0, c20); c21 = TV.MultiplyAdd(a2, b1, c21);
            TV a3 = TV.Broadcast(Unsafe.Add(ref ap, 3));
            c30 = TV.MultiplyAdd(a3, b0, c30); c31 = TV.MultiplyAdd(a3, b1, c31);
        }
        int valid = Math.Min(4, rows - row0);
        act.Store(c00, row0, ref c); act.Store(c01, row0, ref Unsafe.Add(ref c, w));
        if (valid < 2) return;
        ref float r1 = ref Unsafe.Add(ref c, ldc);
        act.Store(c10, row0 + 1, ref r1); act.Store(c11, row0 + 1, ref Unsafe.Add(ref r1, w));
        if (valid < 3) return;
        ref float r2 = ref Unsafe.Add(ref c, 2 * ldc);
        act.Store(c20, row0 + 2, ref r2); act.Store(c21, row0 + 2, ref Unsafe.Add(ref r2, w));
        if (valid < 4) return;
        ref float r3 = ref Unsafe.Add(ref c, 3 * ldc);
        act.Store(c30, row0 + 3, ref r3); act.Store(c31, row0 + 3, ref Unsafe.Add(ref r3, w));
    }

    /// <summary>Like <see cref="Block1Pair{TV, TRows}"/> for the first <paramref name="columns"/> (fewer than 16) columns only.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe void BlockMaskedPair<TRows>(ref float a, int k, ref float b, TRows bRows, ref float c, int ldc, int row0, int rows, Activation act, int columns)
        where TRows : struct, IRowOffsets
    {
        var mask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(columns)).AsSingle();
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        ref float a2 = ref Unsafe.Add(ref a, PackedMatrix.PanelRows * k);
        fixed (float* bp = &b)
        fixed (float* cp = &c)
        {
            for (int p = 0; p < k; p++)
            {
                var b0 = Avx512F.MaskLoad(bp + bRows.Row(p), mask, Vector512<float>.Zero);
                ref float ap = ref Unsafe.Add(ref a, p * 4);
                ref float aq = ref Unsafe.Add(ref a2, p * 4);
                c0 = Vector512.FusedMultiplyAdd(Vector512.Create(ap), b0, c0);
                c1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref ap, 1)), b0, c1);
                c2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref ap, 2)), b0, c2);
                c3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref ap, 3)), b0, c3);
                c4 = Vector512.FusedMultiplyAdd(Vector512.Create(aq), b0, c4);
                c5 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref aq, 1)), b0, c5);
                c6 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref aq, 2)), b0, c6);
                c7 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref aq, 3)), b0, c7);
            }
            int valid = Math.Min(8, rows - row0);
            act.StoreMasked(c0, row0, cp, mask);
            if (valid > 1) act.StoreMasked(c1, row0 + 1, cp + ldc, mask);
            if (valid > 2) act.StoreMasked(c2, row0 + 2, cp + 2 * ldc, mask);
            if (valid > 3) act.StoreMasked(c3, row0 + 3, cp + 3 * ldc, mask);
            if (valid > 4) act.StoreMasked(c4, row0 + 4, cp + 4 * ldc, mask);
            if (valid > 5) act.StoreMasked(c5, row0 + 5, cp + 5 * ldc, mask);
            if (valid > 6) act.StoreMasked(c6, row0 + 6, cp + 6 * ldc, mask);
            if (valid > 7) act.StoreMasked(c7, row0 + 7, cp + 7 * ldc, mask);
        }
    }

    /// <summary>Rows [row0, row0 + 8) from two consecutive panels (the second may be the zero panel after an odd count), one vector of columns.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Block1Pair<TV, TRows>(ref float a, int k, ref float b, TRows bRows, ref float c, int ldc, int row0, int rows, Activation act)
        where TV : struct, ISimdVector<TV> where TRows : struct, IRowOffsets
    {
        TV c0 = TV.Zero, c1 = TV.Zero, c2 = TV.Zero, c3 = TV.Zero, c4 = TV.Zero, c5 = TV.Zero, c6 = TV.Zero, c7 = TV.Zero;
        ref float a2 = ref Unsafe.Add(ref a, PackedMatrix.PanelRows * k);
        for (int p = 0; p < k; p++)
        {
            TV b0 = TV.Load(ref Unsafe.Add(ref b, bRows.Row(p)));
            ref float ap = ref Unsafe.Add(ref a, p * 4);
            ref float aq = ref Unsafe.Add(ref a2, p * 4);
            c0 = TV.MultiplyAdd(TV.Broadcast(ap), b0, c0);
            c1 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref ap, 1)), b0, c1);
            c2 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref ap, 2)), b0, c2);
            c3 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref ap, 3)), b0, c3);
            c4 = TV.MultiplyAdd(TV.Broadcast(aq), b0, c4);
            c5 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref aq, 1)), b0, c5);
            c6 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref aq, 2)), b0, c6);
            c7 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref aq, 3)), b0, c7);
        }
        int valid = Math.Min(8, rows - row0);
        act.Store(c0, row0, ref c);
        if (valid > 1) act.Store(c1, row0 + 1, ref Unsafe.Add(ref c, ldc));
        if (valid > 2) act.Store(c2, row0 + 2, ref Unsafe.Add(ref c, 2 * ldc));
        if (valid > 3) act.Store(c3, row0 + 3, ref Unsafe.Add(ref c, 3 * ldc));
        if (valid > 4) act.Store(c4, row0 + 4, ref Unsafe.Add(ref c, 4 * ldc));
        if (valid > 5) act.Store(c5, row0 + 5, ref Unsafe.Add(ref c, 5 * ldc));
        if (valid > 6) act.Store(c6, row0 + 6, ref Unsafe.Add(ref c, 6 * ldc));
        if (valid > 7) act.Store(c7, row0 + 7, ref Unsafe.Add(ref c, 7 * ldc));
    }
}

/// <summary>Where row p of a GEMM's B operand starts, relative to its first column; a struct so the JIT specialises each block.</summary>
internal interface IRowOffsets
{
    nint Row(int p);
}

/// <summary>A row-major B with a fixed row stride.</summary>
internal readonly struct StridedRows(int stride) : IRowOffsets
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public nint Row(int p) => (nint)p * stride;
}

/// <summary>A B whose rows start at listed offsets (checked by the caller).</summary>
internal readonly struct IndexedRows(int[] offsets) : IRowOffsets
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public nint Row(int p) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(offsets), p);
}
