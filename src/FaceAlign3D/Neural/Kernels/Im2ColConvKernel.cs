using FaceAlign3D.Neural.Runtime;

namespace FaceAlign3D.Neural.Kernels;

/// <summary>
/// General convolution: for each tile of output pixels, unfold the receptive fields into per-thread scratch
/// (im2col, K = Cg*kh*kw rows) and multiply by the packed group weights.
/// </summary>
internal sealed class Im2ColConvKernel : Kernel, IParallelBody
{
    private readonly ConvGeometry _g;
    private readonly PackedMatrix[] _weights;
    private readonly Activation[] _activations;
    private readonly int _input, _output, _depth, _tile, _tilesPerImage;
    private RunContext? _context;

    public Im2ColConvKernel(ConvGeometry g, float[] weights, Activation activation, int input, int output)
    {
        _g = g;
        _depth = g.InChannelsPerGroup * g.KernelHeight * g.KernelWidth;
        int mg = g.OutChannelsPerGroup;
        _weights = new PackedMatrix[g.Groups];
        _activations = new Activation[g.Groups];
        for (int grp = 0; grp < g.Groups; grp++)
        {
            _weights[grp] = PackedMatrix.Pack(weights, grp * mg, mg, _depth);
            _activations[grp] = g.Groups == 1 ? activation : new Activation(
                activation.Shift.AsSpan(grp * mg, mg).ToArray(), activation.Kind, activation.ClipMin, activation.ClipMax,
                activation.Slopes?.AsSpan(grp * mg, mg).ToArray());
        }
        _input = input;
        _output = output;
        _tile = GemmTiling.ColumnTile(_depth, g.OutPlane);
        _tilesPerImage = (g.OutPlane + _tile - 1) / _tile;
    }

    public override long MacCount => (long)_g.Batch * _g.OutChannels * _depth * _g.OutPlane;

    public override int ScratchLength => _depth * _tile;

    public override void Run(RunContext context)
    {
        _context = context;
        context.Pool.For(_g.Batch * _g.Groups * _tilesPerImage, this);
        _context = null;
    }

    public void Execute(int chunk, int worker)
    {
        int t = chunk % _tilesPerImage;
        int grp = chunk / _tilesPerImage % _g.Groups;
        int n = chunk / _tilesPerImage / _g.Groups;
        int cg = _g.InChannelsPerGroup, mg = _g.OutChannelsPerGroup, plane = _g.OutPlane;
        var x = _context!.Read(_input).Slice((n * _g.InChannels + grp * cg) * _g.InPlane, cg * _g.InPlane);
        // A fused CReLU (ungrouped only) doubles the output channels of each image.
        var y = _context.Write(_output).Slice(n * (_g.OutChannels * plane + _activations[grp].MirrorOffset) + grp * mg * plane);
        int start = t * _tile, width = Math.Min(plane, start + _tile) - start;
        var scratch = _context.Scratch[worker].AsSpan(0, _depth * width);
        Unfold(x, scratch, start, width);
        Gemm.Multiply(_weights[grp], scratch, width, y.Slice(start), plane, 0, width, _activations[grp]);
    }

    /// <summary>Writes row (c, ki, kj) x column p of the im2col matrix for output pixels [start, start+width).</summary>
    private void Unfold(ReadOnlySpan<float> x, Span<float> scratch, int start, int width)
    {
        var g = _g;
        int row = 0;
        for (int c = 0; c < g.InChannelsPerGroup; c++)
        {
            var plane = x.Slice(c * g.InPlane, g.InPlane);
            for (int ki = 0; ki < g.KernelHeight; ki++)
                for (int kj = 0; kj < g.KernelWidth; kj++, row++)
                {
                    var dst = scratch.Slice(row * width, width);
                    int p = start, i = 0;
                    while (i < width)
                    {
                        int oh = p / g.OutWidth, ow = p % g.OutWidth;
                        int run = Math.Min(width - i, g.OutWidth - ow);
                        int ih = oh * g.StrideH - g.PadTop + ki * g.DilationH;
                        if ((uint)ih >= (uint)g.InHeight)
                            dst.Slice(i, run).Clear();
                        else
                            StridedCopy.Copy(plane.Slice(ih * g.InWidth, g.InWidth), ow * g.StrideW - g.PadLeft + kj * g.DilationW, g.StrideW, dst.Slice(i, run));
                        i += run;
                        p += run;
                    }
                }
        }
    }
}
