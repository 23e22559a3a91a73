using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FaceAlign3D.Neural.Kernels;

/// <summary>
/// One channel plane of a 3x3 stride-1 depthwise convolution that keeps the plane's size (one pixel of padding
/// each side) on planes narrower than a vector (width 8, 4, 2 or 1), read straight from the input with masked
/// AVX-512 loads. A vector holds 16 / W whole rows; output and input share one flat index, so a tap is the input
/// shifted by a constant, and a mask per tap zeroes the lanes whose tap falls in the padding. There is no padded
/// copy and no copy-out, which is most of the work on a 4x4 plane. The masks depend only on the block's position,
/// so they are computed once; interior row blocks share one set. On wider planes the padded copy of
/// <see cref="Depthwise3x3"/> measured faster than masked loads.
/// </summary>
internal sealed class Depthwise3x3Masked
{
    private const int Lanes = 16;
    // Per block: nine tap masks, then the store mask.
    private const int MasksPerBlock = 10;

    private readonly int _width, _plane, _rowsPerBlock, _rowBlocks, _rowClasses;
    private readonly Vector512<float>[] _masks;

    public Depthwise3x3Masked(ConvGeometry g)
    {
        if (!Supports(g))
            throw new ArgumentException("not a same-size 3x3 stride-1 depthwise window on a plane narrower than a vector, on an AVX-512 machine", nameof(g));
        _width = g.InWidth;
        _plane = g.InPlane;
        _rowsPerBlock = Lanes / _width;
        _rowBlocks = (g.InHeight + _rowsPerBlock - 1) / _rowsPerBlock;
        _rowClasses = Math.Min(_rowBlocks, 3);
        _masks = new Vector512<float>[_rowClasses * MasksPerBlock];
        var lanes = new float[Lanes];
        for (int rc = 0; rc < _rowClasses; rc++)
        {
            int rowBlock = rc == 0 ? 0 : rc == _rowClasses - 1 ? _rowBlocks - 1 : 1;
            for (int tap = 0; tap <= 9; tap++)
            {
                for (int l = 0; l < Lanes; l++)
                {
                    int oh = rowBlock * _rowsPerBlock + l / _width, ow = l % _width;
                    int ih = oh + tap / 3 - 1, iw = ow + tap % 3 - 1;
                    bool inside = tap == 9 || ((uint)ih < (uint)g.InHeight && (uint)iw < (uint)_width);
                    lanes[l] = oh < g.InHeight && inside ? BitConverter.Int32BitsToSingle(-1) : 0f;
                }
                _masks[rc * MasksPerBlock + tap] = Vector512.Create(lanes);
            }
        }
    }

    public static bool Supports(ConvGeometry g) =>
        Avx512F.IsSupported && g.KernelHeight == 3 && g.KernelWidth == 3 && g.StrideH == 1 && g.StrideW == 1
        && g.DilationH == 1 && g.DilationW == 1 && g.PadTop == 1 && g.PadLeft == 1
        && g.OutHeight == g.InHeight && g.OutWidth == g.InWidth && g.InWidth < Lanes && Lanes % g.InWidth == 0;

    /// <summary>One plane: <paramref name="x"/> and <paramref name="y"/> hold at least the plane, <paramref name="w"/> the nine weights.</summary>
    public unsafe void Run(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> w, Activation act, int channel)
    {
        if (x.Length < _plane || y.Length < _plane || w.Length < 9)
            throw new ArgumentException("plane or weights too small");
        Vector512<float> w0 = Vector512.Create(w[0]), w1 = Vector512.Create(w[1]), w2 = Vector512.Create(w[2]);
        Vector512<float> w3 = Vector512.Create(w[3]), w4 = Vector512.Create(w[4]), w5 = Vector512.Create(w[5]);
        Vector512<float> w6 = Vector512.Create(w[6]), w7 = Vector512.Create(w[7]), w8 = Vector512.Create(w[8]);
        var kind = act.Kind;
        var (shift, min, max, slope) = act.Operands<Vec512>(channel);
        nint up = -_width, down = _width;
        fixed (float* xp = &MemoryMarshal.GetReference(x))
        fixed (float* yp = &MemoryMarshal.GetReference(y))
        fixed (Vector512<float>* table = _masks)
            for (int rb = 0; rb < _rowBlocks; rb++)
            {
                int rc = rb == 0 ? 0 : rb == _rowBlocks - 1 ? _rowClasses - 1 : 1;
                var m = table + rc * MasksPerBlock;
                float* s = xp + rb * Lanes;
                var zero = Vector512<float>.Zero;
                var acc = Avx512F.MaskLoad(s + up - 1, m[0], zero) * w0;
                acc = Vector512.FusedMultiplyAdd(Avx512F.MaskLoad(s + up, m[1], zero), w1, acc);
                acc = Vector512.FusedMultiplyAdd(Avx512F.MaskLoad(s + up + 1, m[2], zero), w2, acc);
                acc = Vector512.FusedMultiplyAdd(Avx512F.MaskLoad(s - 1, m[3], zero), w3, acc);
                acc = Vector512.FusedMultiplyAdd(Avx512F.MaskLoad(s, m[4], zero), w4, acc);
                acc = Vector512.FusedMultiplyAdd(Avx512F.MaskLoad(s + 1, m[5], zero), w5, acc);
                acc = Vector512.FusedMultiplyAdd(Avx512F.MaskLoad(s + down - 1, m[6], zero), w6, acc);
                acc = Vector512.FusedMultiplyAdd(Avx512F.MaskLoad(s + down, m[7], zero), w7, acc);
                acc = Vector512.FusedMultiplyAdd(Avx512F.MaskLoad(s + down + 1, m[8], zero), w8, acc);
                var result = Activation.Apply(new Vec512 { V = acc }, kind, shift, min, max, slope).V;
                Avx512F.MaskStore(yp + rb * Lanes, m[9], result);
            }
    }
}
