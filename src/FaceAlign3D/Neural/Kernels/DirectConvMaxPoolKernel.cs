using FaceAlign3D.Neural.Runtime;

namespace FaceAlign3D.Neural.Kernels;

/// <summary>
/// A wide ungrouped convolution (<see cref="DirectConvRows"/>) and the MaxPool that reads it, fused: each thread
/// computes the convolution rows a few pooled rows need into a small per-thread buffer and pools them from there, so
/// the full-size activation (FaceBoxes' first layer: 48 x 180 x 270 floats) is never written out and read back.
/// Rows that consecutive groups share stay in the buffer; each chunk of pooled rows recomputes only its first one.
/// </summary>
internal sealed class DirectConvMaxPoolKernel : Kernel, IParallelBody
{
    private const int TargetScratchFloats = 160 * 1024;

    private readonly ConvGeometry _g, _pool;
    private readonly DirectConvRows _rows;
    private readonly PoolRows _poolRows;
    // The activation with a CReLU twin offset inside the row buffer.
    private readonly Activation _activation;
    private readonly int _input, _output, _channels, _groupRows, _bufferRows;
    private int _chunksPerImage;
    private RunContext? _context;

    /// <param name="g">The convolution.</param>
    /// <param name="pool">The MaxPool over the convolution's output (with a CReLU, over both halves).</param>
    /// <param name="weights">The convolution's weights, OIHW.</param>
    /// <param name="activation">The convolution's epilogue, as for an unfused kernel.</param>
    /// <param name="input">The input slot.</param>
    /// <param name="output">The pooled output slot.</param>
    public DirectConvMaxPoolKernel(ConvGeometry g, ConvGeometry pool, float[] weights, Activation activation, int input, int output)
    {
        _channels = activation.MirrorOffset > 0 ? 2 * g.OutChannels : g.OutChannels;
        if (pool.InChannels != _channels || pool.InHeight != g.OutHeight || pool.InWidth != g.OutWidth)
            throw new ArgumentException("the pool does not read this convolution's output");
        _g = g;
        _pool = pool;
        // Pooled rows per group: as many as keep the split input and the row buffer within the scratch budget.
        _groupRows = 1;
        while (_groupRows < pool.OutHeight && ScratchFloats(_groupRows + 1) <= TargetScratchFloats)
            _groupRows++;
        _bufferRows = BufferRows(_groupRows);
        _rows = new DirectConvRows(g, weights, _bufferRows);
        _poolRows = new PoolRows(pool, max: true, countPad: false);
        _activation = new Activation(activation.Shift, activation.Kind, activation.ClipMin, activation.ClipMax, activation.Slopes,
            activation.MirrorOffset > 0 ? g.OutChannels * _bufferRows * g.OutWidth : 0);
        _input = input;
        _output = output;
    }

    private int BufferRows(int groupRows) => Math.Min((groupRows - 1) * _pool.StrideH + _pool.KernelHeight, _g.OutHeight);

    private int ScratchFloats(int groupRows) =>
        BufferRows(groupRows) * (DirectConvRows.SplitFloatsPerRow(_g) + _channels * _g.OutWidth);

    private int BufferLength => _channels * _bufferRows * _g.OutWidth;

    public override long MacCount => (long)_g.Batch * _g.OutChannels * _g.InChannels * _g.KernelHeight * _g.KernelWidth * _g.OutPlane;

    public override int ScratchLength => _rows.ScratchLength + BufferLength + _poolRows.ScratchLength;

    public override void Run(RunContext context)
    {
        _context = context;
        // One chunk per image on one thread (no recomputed rows); a few per thread otherwise, to balance.
        int threads = context.Pool.ThreadCount;
        _chunksPerImage = threads == 1 ? 1 : Math.Min(_pool.OutHeight, 4 * threads);
        context.Pool.For(_g.Batch * _chunksPerImage, this);
        _context = null;
    }

    public void Execute(int chunk, int worker)
    {
        var g = _g;
        var p = _pool;
        int n = chunk / _chunksPerImage, part = chunk % _chunksPerImage;
        int first = (int)((long)part * p.OutHeight / _chunksPerImage), end = (int)((long)(part + 1) * p.OutHeight / _chunksPerImage);
        var x = _context!.Read(_input).Slice(n * g.InChannels * g.InPlane, g.InChannels * g.InPlane);
        var y = _context.Write(_output).Slice(n * _channels * p.OutPlane, _channels * p.OutPlane);
        var scratch = _context.Scratch[worker].AsSpan();
        var rowScratch = scratch[.._rows.ScratchLength];
        var buffer = scratch.Slice(_rows.ScratchLength, BufferLength);
        var poolScratch = scratch[(_rows.ScratchLength + BufferLength)..];
        int channelStride = _bufferRows * g.OutWidth;
        // The buffer holds convolution rows [held, heldEnd) at its rows 0, 1, ...
        int held = 0, heldEnd = 0;
        for (int i0 = first; i0 < end; i0 += _groupRows)
        {
            int i1 = Math.Min(i0 + _groupRows, end);
            int lo = Math.Clamp(i0 * p.StrideH - p.PadTop, 0, g.OutHeight);
            int hi = Math.Clamp((i1 - 1) * p.StrideH - p.PadTop + p.KernelHeight, lo, g.OutHeight);
            int keep = Math.Clamp(heldEnd - lo, 0, hi - lo);
            if (keep > 0 && lo > held)
                for (int c = 0; c < _channels; c++)
                    buffer.Slice(c * channelStride + (lo - held) * g.OutWidth, keep * g.OutWidth).CopyTo(buffer[(c * channelStride)..]);
            if (hi > lo + keep)
                _rows.Compute(x, rowScratch, lo + keep, hi - lo - keep, buffer[(keep * g.OutWidth)..], channelStride, _activation);
            held = lo;
            heldEnd = hi;
            for (int c = 0; c < _channels; c++)
            {
                var plane = buffer.Slice(c * channelStride, channelStride);
                for (int i = i0; i < i1; i++)
                    _poolRows.Row(plane, y.Slice((c * p.OutHeight + i) * p.OutWidth, p.OutWidth), i, poolScratch, held);
            }
        }
    }
}
