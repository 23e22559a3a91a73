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
    /// <summary>Per phase, how far the vector loads read (rows past the plane must read zeros).</summary>
    private readonly int[] _phaseExtent;

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
        // The last vector (position computed - 16) reads 16 lanes, 32 with the stride-2 pair, plus the tap offsets.
        int lastRead = _stride * (computed - 16) + 16 * _stride + 2;
        _phaseExtent = new int[_stride];
        for (int ki = 0; ki < 3; ki++)
            _phaseExtent[ki % _stride] = Math.Max(_phaseExtent[ki % _stride], ki / _stride * _pitch + lastRead);
    }

    public static bool Supports(ConvGeometry g) =>
        g.KernelHeight == 3 && g.KernelWidth == 3 && g.DilationH == 1 && g.DilationW == 1 && g.StrideH == g.StrideW
        && g.StrideW is 1 or 2 && g.PadTop <= 2 && g.PadLeft <= 2;

    /// <summary>Floats of scratch one call of <see cref="Run"/> needs.</summary>
    public int ScratchLength => _stride * _phaseLength + _outLength;

    /// <summary>Where padded row <paramref name="r"/> starts in the scratch.</summary>
    private int RowOffset(int r) => r % _stride * _phaseLength + r / _stride * _pitch;

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
            CopyRow(ref Unsafe.Add(ref src, oh * _outPitch), ref Unsafe.Add(ref dst, oh * _g.OutWidth), _g.OutWidth);
    }

    /// <summary>Copies the plane to (PadTop, PadLeft) of the pitched scratch and zeroes everything around it.</summary>
    private void Pad(ReadOnlySpan<float> x, Span<float> padded)
    {
        var g = _g;
        ref float src = ref MemoryMarshal.GetReference(x);
        for (int phase = 0; phase < _stride; phase++)
        {
            ref float row = ref Unsafe.Add(ref MemoryMarshal.GetReference(padded), phase * _phaseLength);
            int used = 0;
            for (int r = phase; r < _rows; r += _stride, used += _pitch, row = ref Unsafe.Add(ref row, _pitch))
            {
                int ih = r - g.PadTop;
                if ((uint)ih >= (uint)_copyRows)
                {
                    MemoryMarshal.CreateSpan(ref row, _pitch).Clear();
                    continue;
                }
                for (int i = 0; i < g.PadLeft; i++)
                    Unsafe.Add(ref row, i) = 0;
                CopyRow(ref Unsafe.Add(ref src, ih * g.InWidth), ref Unsafe.Add(ref row, g.PadLeft), _copyColumns);
                for (int i = g.PadLeft + _copyColumns; i < _pitch; i++)
                    Unsafe.Add(ref row, i) = 0;
            }
            if (used < _phaseExtent[phase])
                padded.Slice(phase * _phaseLength + used, _phaseExtent[phase] - used).Clear();
        }
    }

    /// <summary>Copies n floats with whole vectors (the last one overlapping) so short rows cost a few instructions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyRow(ref float src, ref float dst, int n)
    {
        if (n >= 16)
        {
            int i = 0;
            for (; i <= n - 16; i += 16)
                Vector512.LoadUnsafe(ref src, (nuint)i).StoreUnsafe(ref dst, (nuint)i);
            if (i < n)
                Vector512.LoadUnsafe(ref src, (nuint)(n - 16)).StoreUnsafe(ref dst, (nuint)(n - 16));
        }
        else if (n >= 8)
        {
            Vector256.LoadUnsafe(ref src).StoreUnsafe(ref dst);
            Vector256.LoadUnsafe(ref src, (nuint)(n - 8)).StoreUnsafe(ref dst, (nuint)(n - 8));
        }
        else if (n >= 4)
        {
            Vector128.LoadUnsafe(ref src).StoreUnsafe(ref dst);
            Vector128.LoadUnsafe(ref src, (nuint)(n - 4)).StoreUnsafe(ref dst, (nuint)(n - 4));
        }
        else
            for (int i = 0; i < n; i++)
                Unsafe.Add(ref dst, i) = Unsafe.Add(ref src, i);
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
            TV.Store(act.Apply(acc, channel), ref Unsafe.Add(ref o, q));
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
        for (nint q = 0; q < computed.Length; q += 16)
        {
            var acc = Taps(ref Unsafe.Add(ref a, 2 * q), w0, w1, w2, Vector512<float>.Zero);
            acc = Taps(ref Unsafe.Add(ref b, 2 * q), w3, w4, w5, acc);
            acc = Taps(ref Unsafe.Add(ref c, 2 * q), w6, w7, w8, acc);
            Vec512.Store(act.Apply(new Vec512 { V = acc }, channel), ref Unsafe.Add(ref o, q));
        }
    }

    /// <summary>acc + wa*row[2j] + wb*row[2j+1] + wc*row[2j+2] for j = 0..15.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Taps(ref float row, Vector512<float> wa, Vector512<float> wb, Vector512<float> wc, Vector512<float> acc)
    {
        var lo = Vector512.LoadUnsafe(ref row);
        var hi = Vector512.LoadUnsafe(ref row, 16);
        var lo2 = Vector512.LoadUnsafe(ref row, 2);
        var hi2 = Vector512.LoadUnsafe(ref row, 18);
        acc = Vector512.FusedMultiplyAdd(wa, Avx512F.PermuteVar16x32x2(lo, EvenLanes, hi), acc);
        acc = Vector512.FusedMultiplyAdd(wb, Avx512F.PermuteVar16x32x2(lo, OddLanes, hi), acc);
        return Vector512.FusedMultiplyAdd(wc, Avx512F.PermuteVar16x32x2(lo2, EvenLanes, hi2), acc);
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
