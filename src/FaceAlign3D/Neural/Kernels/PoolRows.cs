using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FaceAlign3D.Neural.Kernels;

/// <summary>
/// One output row of a 2-D max or average pooling, vectorised in two passes: the window's input rows are
/// reduced vertically into a scratch row bordered with the reduction's identity (so the horizontal pass
/// needs no bounds checks), then that row is reduced horizontally with the stride (contiguous loads for
/// stride 1, even lanes of two loads for stride 2, scalar otherwise).
/// </summary>
internal sealed class PoolRows
{
    private static readonly Vector512<int> EvenLanes = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    private const int Lanes = 16;

    private readonly ConvGeometry _g;
    private readonly bool _max, _countPad;
    private readonly int _length, _dataEnd;
    /// <summary>Per output column: how many window columns the average divides by.</summary>
    private readonly float[] _columnCounts;

    public PoolRows(ConvGeometry g, bool max, bool countPad)
    {
        _g = g;
        _max = max;
        _countPad = countPad;
        _dataEnd = g.PadLeft + g.InWidth;
        // Every window column, plus a vector (two for stride 2) of slack for the overlapping loads.
        _length = Math.Max((g.OutWidth - 1) * g.StrideW + g.KernelWidth, _dataEnd) + 2 * Lanes + g.KernelWidth;
        _columnCounts = new float[g.OutWidth];
        for (int ow = 0; ow < g.OutWidth; ow++)
        {
            int w0 = ow * g.StrideW - g.PadLeft, w1 = Math.Min(w0 + g.KernelWidth, g.InWidth + g.PadRight);
            _columnCounts[ow] = countPad ? w1 - w0 : Math.Min(w1, g.InWidth) - Math.Max(w0, 0);
        }
    }

    /// <summary>The scratch row, rounded up to whole vectors for the identity fill.</summary>
    public int ScratchLength => _length + Lanes;

    /// <summary>
    /// Output row <paramref name="oh"/> of one plane. <paramref name="x"/> holds the plane's input rows from
    /// <paramref name="firstInputRow"/> on (all of them by default), at least those the row's window reads.
    /// </summary>
    public void Row(ReadOnlySpan<float> x, Span<float> row, int oh, Span<float> scratch, int firstInputRow = 0)
    {
        var g = _g;
        int h0 = oh * g.StrideH - g.PadTop, h1 = Math.Min(h0 + g.KernelHeight, g.InHeight + g.PadBottom);
        int hs = Math.Max(h0, 0), he = Math.Min(h1, g.InHeight);
        if (firstInputRow < 0 || hs < firstInputRow || x.Length < (he - firstInputRow) * g.InWidth || row.Length < g.OutWidth || scratch.Length < ScratchLength)
            throw new ArgumentException("input rows, output row or scratch too small");
        if (_max)
            Reduce<MaxReduction>(x, row, hs - firstInputRow, he - firstInputRow, 0, scratch);
        else
            Reduce<SumReduction>(x, row, hs - firstInputRow, he - firstInputRow, _countPad ? h1 - h0 : he - hs, scratch);
    }

    private void Reduce<TR>(ReadOnlySpan<float> x, Span<float> row, int hs, int he, int rowCount, Span<float> scratch)
        where TR : struct, IPoolReduction
    {
        var g = _g;
        ref float t = ref MemoryMarshal.GetReference(scratch);
        ref float src = ref MemoryMarshal.GetReference(x);
        for (int i = 0; i < g.PadLeft; i++)
            Unsafe.Add(ref t, i) = TR.Identity;
        int tail = _dataEnd;
        if (Vector512.IsHardwareAccelerated)
            for (; tail < _length; tail += Lanes)
                Vector512.Create(TR.Identity).StoreUnsafe(ref t, (nuint)tail);
        for (; tail < _length; tail++)
            Unsafe.Add(ref t, tail) = TR.Identity;
        // Vertical pass into t[PadLeft, PadLeft + InWidth).
        ref float data = ref Unsafe.Add(ref t, g.PadLeft);
        int iw = 0;
        if (Vector512.IsHardwareAccelerated && g.InWidth >= Lanes)
            // Whole vectors, the last one overlapping the previous (it stores the same values again).
            for (int last = g.InWidth - Lanes; ; iw = Math.Min(iw + Lanes, last))
            {
                var v = Vector512.Create(TR.Identity);
                for (int ih = hs; ih < he; ih++)
                    v = TR.Combine(v, Vector512.LoadUnsafe(ref src, (nuint)(ih * g.InWidth + iw)));
                v.StoreUnsafe(ref data, (nuint)iw);
                if (iw == last)
                {
                    iw = g.InWidth;
                    break;
                }
            }
        for (; iw < g.InWidth; iw++)
        {
            float v = TR.Identity;
            for (int ih = hs; ih < he; ih++)
                v = TR.Combine(v, Unsafe.Add(ref src, ih * g.InWidth + iw));
            Unsafe.Add(ref data, iw) = v;
        }
        // Horizontal pass: whole vectors, the last one overlapping the previous, or scalar for short rows.
        ref float y = ref MemoryMarshal.GetReference(row);
        var divisor = Vector512.Create((float)rowCount);
        int ow = 0;
        if (g.OutWidth >= Lanes && Avx512F.IsSupported && g.StrideW <= 2)
            for (int last = g.OutWidth - Lanes; ; ow = Math.Min(ow + Lanes, last))
            {
                var acc = Vector512.Create(TR.Identity);
                ref float at = ref Unsafe.Add(ref t, ow * g.StrideW);
                for (int kj = 0; kj < g.KernelWidth; kj++)
                    acc = TR.Combine(acc, g.StrideW == 1
                        ? Vector512.LoadUnsafe(ref at, (nuint)kj)
                        : Avx512F.PermuteVar16x32x2(Vector512.LoadUnsafe(ref at, (nuint)kj), EvenLanes, Vector512.LoadUnsafe(ref at, (nuint)(kj + Lanes))));
                if (!_max)
                    acc /= divisor * Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_columnCounts), (nuint)ow);
                acc.StoreUnsafe(ref y, (nuint)ow);
                if (ow == last)
                {
                    ow = g.OutWidth;
                    break;
                }
            }
        for (; ow < g.OutWidth; ow++)
        {
            float acc = TR.Identity;
            for (int kj = 0; kj < g.KernelWidth; kj++)
                acc = TR.Combine(acc, Unsafe.Add(ref t, ow * g.StrideW + kj));
            Unsafe.Add(ref y, ow) = _max ? acc : acc / (rowCount * _columnCounts[ow]);
        }
    }

    private interface IPoolReduction
    {
        static abstract float Identity { get; }
        static abstract float Combine(float a, float b);
        static abstract Vector512<float> Combine(Vector512<float> a, Vector512<float> b);
    }

    private struct MaxReduction : IPoolReduction
    {
        public static float Identity => float.NegativeInfinity;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Combine(float a, float b) => MathF.Max(a, b);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Combine(Vector512<float> a, Vector512<float> b) => Vector512.MaxNative(a, b);
    }

    private struct SumReduction : IPoolReduction
    {
        public static float Identity => 0f;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Combine(float a, float b) => a + b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Combine(Vector512<float> a, Vector512<float> b) => a + b;
    }
}
