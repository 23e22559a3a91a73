using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FaceAlign3D.Neural.Runtime;

namespace FaceAlign3D.Neural.Kernels;

/// <summary>
/// Depthwise convolution (one filter per channel), computed directly per channel plane. Same-size 3x3 stride-1
/// windows on planes 8 or fewer wide go through <see cref="Depthwise3x3Masked"/> on AVX-512 machines (masked loads, no copies), other 3x3
/// windows with stride 1 or 2 through <see cref="Depthwise3x3"/> (whole-plane vectors over a zero-bordered copy);
/// other windows are vectorised over output columns where the whole window is inside the input, scalar
/// with bounds checks at the borders.
/// </summary>
internal sealed class DepthwiseConvKernel : Kernel, IParallelBody
{
    private readonly ConvGeometry _g;
    private readonly float[] _weights;
    private readonly Activation _activation;
    private readonly int _input, _output;
    private RunContext? _context;

    public DepthwiseConvKernel(ConvGeometry g, float[] weights, Activation activation, int input, int output)
    {
        _g = g;
        _weights = weights;
        _activation = activation;
        _input = input;
        _output = output;
        _masked = Depthwise3x3Masked.Supports(g) ? new Depthwise3x3Masked(g) : null;
        _plane3x3 = _masked is null && Depthwise3x3.Supports(g) ? new Depthwise3x3(g) : null;
    }

    private readonly Depthwise3x3Masked? _masked;
    private readonly Depthwise3x3? _plane3x3;

    public override int ScratchLength => _plane3x3?.ScratchLength ?? 0;

    public override long MacCount => (long)_g.Batch * _g.OutChannels * _g.KernelHeight * _g.KernelWidth * _g.OutPlane;

    public override void Run(RunContext context)
    {
        _context = context;
        // Chunks of whole planes: a few per thread, so the 3x3 path clears its padded scratch once per chunk.
        _chunks = Math.Min(_g.Batch * _g.OutChannels, 4 * context.Pool.ThreadCount);
        context.Pool.For(_chunks, this);
        _context = null;
    }

    private int _chunks;

    public void Execute(int chunk, int worker)
    {
        int planes = _g.Batch * _g.OutChannels;
        int first = (int)((long)chunk * planes / _chunks), end = (int)((long)(chunk + 1) * planes / _chunks);
        var scratch = _context!.Scratch[worker];
        var input = _context.Read(_input);
        var output = _context.Write(_output);
        _plane3x3?.ClearScratch(scratch);
        for (int plane = first; plane < end; plane++)
        {
            int c = plane % _g.OutChannels;
            var x = input.Slice(plane * _g.InPlane, _g.InPlane);
            var y = output.Slice(plane * _g.OutPlane, _g.OutPlane);
            var w = _weights.AsSpan(c * _g.KernelHeight * _g.KernelWidth, _g.KernelHeight * _g.KernelWidth);
            if (_masked is not null)
            {
                _masked.Run(x, y, w, _activation, c);
                continue;
            }
            if (_plane3x3 is not null)
            {
                _plane3x3.Run(x, y, w, _activation, c, scratch);
                continue;
            }
            switch (Simd.Best)
            {
                case SimdWidth.V512: Plane<Vec512>(x, y, w); break;
                case SimdWidth.V256: Plane<Vec256>(x, y, w); break;
                default: Plane<Vec1>(x, y, w); break;
            }
            _activation.ApplyInPlace(y, c);
        }
    }

    private void Plane<TV>(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> w) where TV : struct, ISimdVector<TV>
    {
        var g = _g;
        // Output columns [owLo, owHi) read only in-range input columns for every kernel column.
        int owLo = Math.Min(g.OutWidth, (g.PadLeft + g.StrideW - 1) / g.StrideW);
        int lastTap = (g.KernelWidth - 1) * g.DilationW;
        int owHi = Math.Max(owLo, Math.Min(g.OutWidth, (g.InWidth - 1 - lastTap + g.PadLeft) / g.StrideW + 1));
        if (g.InWidth - 1 - lastTap + g.PadLeft < 0) owHi = owLo;
        ref float xr = ref MemoryMarshal.GetReference(x);
        for (int oh = 0; oh < g.OutHeight; oh++)
        {
            var row = y.Slice(oh * g.OutWidth, g.OutWidth);
            int ihBase = oh * g.StrideH - g.PadTop;
            Border(x, row, w, ihBase, 0, owLo);
            int ow = owLo;
            if (g.StrideW == 1)
            {
                ref float yr = ref MemoryMarshal.GetReference(row);
                for (; ow <= owHi - TV.Count; ow += TV.Count)
                {
                    TV acc = TV.Zero;
                    for (int ki = 0; ki < g.KernelHeight; ki++)
                    {
                        int ih = ihBase + ki * g.DilationH;
                        if ((uint)ih >= (uint)g.InHeight) continue;
                        ref float src = ref Unsafe.Add(ref xr, ih * g.InWidth + ow - g.PadLeft);
                        for (int kj = 0; kj < g.KernelWidth; kj++)
                            acc = TV.MultiplyAdd(TV.Broadcast(w[ki * g.KernelWidth + kj]), TV.Load(ref Unsafe.Add(ref src, kj * g.DilationW)), acc);
                    }
                    TV.Store(acc, ref Unsafe.Add(ref yr, ow));
                }
            }
            Border(x, row, w, ihBase, ow, owHi);
            Border(x, row, w, ihBase, owHi, g.OutWidth);
        }
    }

    /// <summary>Scalar output columns [from, to) of one row, with full bounds checks.</summary>
    private void Border(ReadOnlySpan<float> x, Span<float> row, ReadOnlySpan<float> w, int ihBase, int from, int to)
    {
        var g = _g;
        for (int ow = from; ow < to; ow++)
        {
            float acc = 0;
            int iwBase = ow * g.StrideW - g.PadLeft;
            for (int ki = 0; ki < g.KernelHeight; ki++)
            {
                int ih = ihBase + ki * g.DilationH;
                if ((uint)ih >= (uint)g.InHeight) continue;
                var src = x.Slice(ih * g.InWidth, g.InWidth);
                for (int kj = 0; kj < g.KernelWidth; kj++)
                {
                    int iw = iwBase + kj * g.DilationW;
                    if ((uint)iw < (uint)g.InWidth)
                        acc += w[ki * g.KernelWidth + kj] * src[iw];
                }
            }
            row[ow] = acc;
        }
    }
}
