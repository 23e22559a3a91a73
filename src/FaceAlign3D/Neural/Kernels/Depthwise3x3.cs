using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FaceAlign3D.Neural.Kernels;

/// <summary>
/// One channel plane of a 3x3 depthwise convolution (stride 1 or 2, dilation 1, pads up to 2), vectorised
/// over the whole plane rather than row by row, so that small planes (8x8, 15x15) fill the vectors too.
/// The plane is copied into a zero-bordered scratch with row pitch P (even for stride 2); with stride 2 the
/// even and odd padded rows go to two separate phases. Output (oh, ow) is computed at q = oh * P/stride + ow,
/// where tap (ki, kj) reads element stride*q + kj of phase ki % stride, shifted by ki / stride rows: contiguous
/// loads for stride 1, even lanes of two loads for stride 2, and no bounds checks anywhere. Columns q past the
/// output width are computed and dropped when the rows are copied out.
/// </summary>
internal sealed class Depthwise3x3
{
    private static readonly Vector512<int> EvenLanes = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    private static readonly Vector512<int> OddLanes = Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
    // Reads may run this far past the last computed position (a vector plus the stride-2 second load).
    private const int Slack = 64;

    private readonly ConvGeometry _g;
    private readonly int _stride, _pitch, _outPitch, _rows, _copyRows, _copyColumns, _phaseLength, _outLength;
    /// <summary>Where each input row's data starts in the padded scratch.</summary>
    private readonly int[] _dataRows;

    public Depthwise3x3(ConvGeometry g)
    {
        if (!Supports(g))
            throw new ArgumentException("not a 3x3 stride-1/2 depthwise window with small pads", nameof(g));
        _g = g;
        _stride = g.StrideW;
        // Widest column and row a window reads: stride*(out-1) + 2.
        _pitch = (_stride * (g.OutWidth - 1) + 3 + _stride - 1) / _stride * _stride;
        _outPitch = _pitch / _stride;
        _rows = _stride * (g.OutHeight - 1) + 3;
        _copyRows = Math.Clamp(_rows - g.PadTop, 0, g.InHeight);
        _copyColumns = Math.Clamp(_pitch - g.PadLeft, 0, g.InWidth);
        int computed = (g.OutHeight * _outPitch + Vector512<float>.Count - 1) / Vector512<float>.Count * Vector512<float>.Count;
        int rowsPerPhase = (_rows + _stride - 1) / _stride;
        _phaseLength = Math.Max(rowsPerPhase * _pitch, _stride * computed + 2 / _stride * _pitch) + Slack;
        _outLength = computed;
        _dataRows = [.. Enumerable.Range(0, _copyRows).Select(ih => RowOffset(ih + g.PadTop) + g.PadLeft)];
    }

    public static bool Supports(ConvGeometry g) =>
        g.KernelHeight == 3 && g.KernelWidth == 3 && g.DilationH == 1 && g.DilationW == 1 && g.StrideH == g.StrideW
        && g.StrideW is 1 or 2 && g.PadTop <= 2 && g.PadLeft <= 2;

    /// <summary>Floats of scratch one call of <see cref="Run"/> needs.</summary>
    public int ScratchLength => _stride * _phaseLength + _outLength;

    /// <summary>
    /// Zeroes the padded part of <paramref name="scratch"/>. <see cref="Run"/> then writes only the data rows of
    /// each plane, so one clear serves every plane of this geometry run through the same scratch.
    /// </summary>
    public void ClearScratch(Span<float> scratch) => scratch[..(_stride * _phaseLength)].Clear();

    /// <summary>Where padded row <paramref name="r"/> starts in the scratch.</summary>
    private int RowOffset(int r) => r % _stride * _phaseLength + r / _stride * _pitch;

    /// <summary>One plane; <paramref name="scratch"/> must have been prepared by <see cref="ClearScratch"/> and used only by this instance since.</summary>
    public void Run(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> w, Activation act, int channel, Span<float> scratch)
    {
        if (x.Length < _g.InPlane || y.Length < _g.OutPlane || w.Length < 9 || scratch.Length < ScratchLength)
            throw new ArgumentException("plane, weights or scratch too small");
        var padded = scratch[..(_stride * _phaseLength)];
        var computed = scratch.Slice(padded.Length, _outLength);
        Pad(x, padded);
        if (_stride == 2 && Avx512F.IsSupported)
            Stride2(padded, computed, w, act, channel);
        else
            switch (Simd.Best)
            {
                case SimdWidth.V512 when _stride == 1: Stride1<Vec512>(padded, computed, w, act, channel); break;
                case SimdWidth.V256 when _stride == 1: Stride1<Vec256>(padded, computed, w, act, channel); break;
                default: Scalar(padded, computed, w, act, channel); break;
            }
        ref float src = ref MemoryMarshal.GetReference(computed);
        ref float dst = ref MemoryMarshal.GetReference(y);
        for (int oh = 0; oh < _g.OutHeight; oh++)
            RowCopy.Copy(ref Unsafe.Add(ref src, oh * _outPitch), ref Unsafe.Add(ref dst, oh * _g.OutWidth), _g.OutWidth);
    }

    /// <summary>Copies the plane's rows to (PadTop, PadLeft) of the pitched scratch; everything around them stays zero.</summary>
    private void Pad(ReadOnlySpan<float> x, Span<float> padded)
    {
        ref float src = ref MemoryMarshal.GetReference(x);
        ref float dst = ref MemoryMarshal.GetReference(padded);
        for (int ih = 0; ih < _copyRows; ih++)
            RowCopy.Copy(ref Unsafe.Add(ref src, ih * _g.InWidth), ref Unsafe.Add(ref dst, _dataRows[ih]), _copyColumns);
    }

    private void Stride1<TV>(Span<float> padded, Span<float> computed, ReadOnlySpan<float> w, Activation act, int channel)
        where TV : struct, ISimdVector<TV>
    {
        ref float a = ref MemoryMarshal.GetReference(padded);
        ref float b = ref Unsafe.Add(ref a, RowOffset(1));
        ref float c = ref Unsafe.Add(ref a, RowOffset(2));
        ref float o = ref MemoryMarshal.GetReference(computed);
        TV w0 = TV.Broadcast(w[0]), w1 = TV.Broadcast(w[1]), w2 = TV.Broadcast(w[2]);
        TV w3 = TV.Broadcast(w[3]), w4 = TV.Broadcast(w[4]), w5 = TV.Broadcast(w[5]);
        TV w6 = TV.Broadcast(w[6]), w7 = TV.Broadcast(w[7]), w8 = TV.Broadcast(w[8]);
        var kind = act.Kind;
        var (shift, min, max, slope) = act.Operands<TV>(channel);
        for (nint q = 0; q < computed.Length; q += TV.Count)
        {
            TV acc = TV.Multiply(w0, TV.Load(ref Unsafe.Add(ref a, q)));
            acc = TV.MultiplyAdd(w1, TV.Load(ref Unsafe.Add(ref a, q + 1)), acc);
            acc = TV.MultiplyAdd(w2, TV.Load(ref Unsafe.Add(ref a, q + 2)), acc);
            acc = TV.MultiplyAdd(w3, TV.Load(ref Unsafe.Add(ref b, q)), acc);
            acc = TV.MultiplyAdd(w4, TV.Load(ref Unsafe.Add(ref b, q + 1)), acc);
            acc = TV.MultiplyAdd(w5, TV.Load(ref Unsafe.Add(ref b, q + 2)), acc);
            acc = TV.MultiplyAdd(w6, TV.Load(ref Unsafe.Add(ref c, q)), acc);
            acc = TV.MultiplyAdd(w7, TV.Load(ref Unsafe.Add(ref c, q + 1)), acc);
            acc = TV.MultiplyAdd(w8, TV.Load(ref Unsafe.Add(ref c, q + 2)), acc);
            TV.Store(Activation.Apply(acc, kind, shift, min, max, slope), ref Unsafe.Add(ref o, q));
        }
    }

    private void Stride2(Span<float> padded, Span<float> computed, ReadOnlySpan<float> w, Activation act, int channel)
    {
        ref float a = ref MemoryMarshal.GetReference(padded);
        ref float b = ref Unsafe.Add(ref a, RowOffset(1));
        ref float c = ref Unsafe.Add(ref a, RowOffset(2));
        ref float o = ref MemoryMarshal.GetReference(computed);
        Vector512<float> w0 = Vector512.Create(w[0]), w1 = Vector512.Create(w[1]), w2 = Vector512.Create(w[2]);
        Vector512<float> w3 = Vector512.Create(w[3]), w4 = Vector512.Create(w[4]), w5 = Vector512.Create(w[5]);
        Vector512<float> w6 = Vector512.Create(w[6]), w7 = Vector512.Create(w[7]), w8 = Vector512.Create(w[8]);
        var kind = act.Kind;
        var (shift, min, max, slope) = act.Operands<Vec512>(channel);
        // Per row, 16 outputs: even lanes (kj = 0) and odd lanes (kj = 1) of the 32 floats at 2q, even lanes of those at 2q + 2 (kj = 2).
        for (nint q = 0; q < computed.Length; q += 16)
        {
            nint i = 2 * q;
            var a0 = Vector512.LoadUnsafe(ref a, (nuint)i);
            var a1 = Vector512.LoadUnsafe(ref a, (nuint)(i + 16));
            var a2 = Vector512.LoadUnsafe(ref a, (nuint)(i + 2));
            var a3 = Vector512.LoadUnsafe(ref a, (nuint)(i + 18));
            var acc = Avx512F.PermuteVar16x32x2(a0, EvenLanes, a1) * w0;
            acc = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(a0, OddLanes, a1), w1, acc);
            acc = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(a2, EvenLanes, a3), w2, acc);
            var b0 = Vector512.LoadUnsafe(ref b, (nuint)i);
            var b1 = Vector512.LoadUnsafe(ref b, (nuint)(i + 16));
            var b2 = Vector512.LoadUnsafe(ref b, (nuint)(i + 2));
            var b3 = Vector512.LoadUnsafe(ref b, (nuint)(i + 18));
            acc = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(b0, EvenLanes, b1), w3, acc);
            acc = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(b0, OddLanes, b1), w4, acc);
            acc = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(b2, EvenLanes, b3), w5, acc);
            var c0 = Vector512.LoadUnsafe(ref c, (nuint)i);
            var c1 = Vector512.LoadUnsafe(ref c, (nuint)(i + 16));
            var c2 = Vector512.LoadUnsafe(ref c, (nuint)(i + 2));
            var c3 = Vector512.LoadUnsafe(ref c, (nuint)(i + 18));
            acc = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(c0, EvenLanes, c1), w6, acc);
            acc = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(c0, OddLanes, c1), w7, acc);
            acc = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(c2, EvenLanes, c3), w8, acc);
            Vec512.Store(Activation.Apply(new Vec512 { V = acc }, kind, shift, min, max, slope), ref Unsafe.Add(ref o, q));
        }
    }

    private void Scalar(Span<float> padded, Span<float> computed, ReadOnlySpan<float> w, Activation act, int channel)
    {
        for (int q = 0; q < computed.Length; q++)
        {
            int i = _stride * q;
            float acc = 0;
            for (int ki = 0; ki < 3; ki++)
                for (int kj = 0; kj < 3; kj++)
                    acc += w[ki * 3 + kj] * padded[RowOffset(ki) + i + kj];
            computed[q] = act.Apply(acc, channel);
        }
    }
}
