using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FaceAlign3D.Neural.Runtime;

namespace FaceAlign3D.Neural.Kernels;

/// <summary>
/// General convolution as im2col + GEMM over tiles of whole output rows (or row segments when rows are
/// very wide). Per tile, the input rows the tile reads are first copied into per-thread scratch split into their
/// stride phases (<see cref="PhaseSplitRows"/>). Every im2col row is then a run of plain contiguous copies, with no
/// bounds checks and no strided gathers, and the packed group weights multiply it.
/// </summary>
internal sealed class Im2ColConvKernel : Kernel, IParallelBody
{
    private const int TargetTileFloats = 48 * 1024;
    private const int MaxSegment = 512;

    private readonly ConvGeometry _g;
    private readonly PackedMatrix[] _weights;
    private readonly Activation[] _activations;
    private readonly int _input, _output, _depth;
    // Tiling: output rows per tile, columns per row segment, segments per row, tiles per image and group.
    private readonly int _bandRows, _segment, _segmentsPerRow, _tilesPerGroup;
    private readonly PhaseSplitRows _split;
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
        int target = Math.Clamp(TargetTileFloats / _depth, 256, 2048);
        _segmentsPerRow = (g.OutWidth + MaxSegment - 1) / MaxSegment;
        _segment = (g.OutWidth + _segmentsPerRow - 1) / _segmentsPerRow;
        _bandRows = _segmentsPerRow > 1 ? 1 : Math.Clamp((target + g.OutWidth / 2) / g.OutWidth, 1, g.OutHeight);
        _tilesPerGroup = (g.OutHeight + _bandRows - 1) / _bandRows * _segmentsPerRow;
        _split = new PhaseSplitRows(g, _bandRows);
    }

    public override long MacCount => (long)_g.Batch * _g.OutChannels * _depth * _g.OutPlane;

    public override int ScratchLength => _split.Length + _depth * _bandRows * _segment;

    public override void Run(RunContext context)
    {
        _context = context;
        context.Pool.For(_g.Batch * _g.Groups * _tilesPerGroup, this);
        _context = null;
    }

    public void Execute(int chunk, int worker)
    {
        var g = _g;
        int tile = chunk % _tilesPerGroup;
        int grp = chunk / _tilesPerGroup % g.Groups;
        int n = chunk / _tilesPerGroup / g.Groups;
        int cg = g.InChannelsPerGroup, mg = g.OutChannelsPerGroup, plane = g.OutPlane;
        int oh0 = tile / _segmentsPerRow * _bandRows, rows = Math.Min(_bandRows, g.OutHeight - oh0);
        int ow0 = tile % _segmentsPerRow * _segment, width = Math.Min(_segment, g.OutWidth - ow0);
        var x = _context!.Read(_input).Slice((n * g.InChannels + grp * cg) * g.InPlane, cg * g.InPlane);
        // A fused CReLU (ungrouped only) doubles the output channels of each image.
        var y = _context.Write(_output).Slice(n * (g.OutChannels * plane + _activations[grp].MirrorOffset) + grp * mg * plane);
        var scratch = _context.Scratch[worker].AsSpan();
        var split = scratch[.._split.Length];
        var columns = scratch.Slice(_split.Length, _depth * rows * width);
        _split.Split(x, split, oh0, rows);
        Unfold(split, columns, rows, ow0, width);
        Gemm.Multiply(_weights[grp], columns, rows * width, y.Slice(oh0 * g.OutWidth + ow0), plane, 0, rows * width, _activations[grp]);
    }

    /// <summary>Writes row (c, ki, kj) x column (r, ow) of the im2col matrix for output rows [oh0, oh0 + rows), columns [ow0, ow0 + width).</summary>
    private void Unfold(ReadOnlySpan<float> split, Span<float> columns, int rows, int ow0, int width)
    {
        var g = _g;
        ref float src = ref MemoryMarshal.GetReference(split);
        ref float dst = ref MemoryMarshal.GetReference(columns);
        int tileWidth = rows * width, k = 0;
        for (int c = 0; c < g.InChannelsPerGroup; c++)
            for (int ki = 0; ki < g.KernelHeight; ki++)
                for (int kj = 0; kj < g.KernelWidth; kj++, k++)
                {
                    int start = _split.Offset(c, ki, kj) + ow0;
                    for (int r = 0; r < rows; r++)
                        RowCopy.Copy(ref Unsafe.Add(ref src, start + r * _split.OutputRowStep), ref Unsafe.Add(ref dst, k * tileWidth + r * width), width);
                }
    }
}
