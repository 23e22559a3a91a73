using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using FaceAlign3D.Neural.Runtime;

namespace FaceAlign3D.Neural.Kernels;

/// <summary>
/// General convolution as im2col + GEMM over tiles of whole output rows (or row segments when rows are
/// very wide). Per tile, the input rows the tile reads are first copied into per-thread scratch with the
/// zero padding made explicit and each row split into its stride phases (column j of phase b holds padded
/// column j*stride + b). Every im2col row is then a run of plain contiguous copies, with no bounds checks
/// and no strided gathers, and the packed group weights multiply it.
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
    // Split input: padded rows per band, columns per stride phase, floats per band row (all phases).
    private readonly int _inputRows, _phaseWidth, _splitRow;
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
        _inputRows = (_bandRows - 1) * g.StrideH + (g.KernelHeight - 1) * g.DilationH + 1;
        int paddedWidth = (g.OutWidth - 1) * g.StrideW + (g.KernelWidth - 1) * g.DilationW + 1;
        _phaseWidth = (paddedWidth + g.StrideW - 1) / g.StrideW;
        _splitRow = _phaseWidth * g.StrideW;
    }

    public override long MacCount => (long)_g.Batch * _g.OutChannels * _depth * _g.OutPlane;

    private int SplitLength => _g.InChannelsPerGroup * _inputRows * _splitRow;

    public override int ScratchLength => SplitLength + _depth * _bandRows * _segment;

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
        var split = scratch[..SplitLength];
        var columns = scratch.Slice(SplitLength, _depth * rows * width);
        Split(x, split, oh0 * g.StrideH, (rows - 1) * g.StrideH + (g.KernelHeight - 1) * g.DilationH + 1);
        Unfold(split, columns, rows, ow0, width);
        Gemm.Multiply(_weights[grp], columns, rows * width, y.Slice(oh0 * g.OutWidth + ow0), plane, 0, rows * width, _activations[grp]);
    }

    /// <summary>
    /// Copies padded rows [firstRow, firstRow + count) of every channel of the group into
    /// split[(c * _inputRows + r) * _splitRow + b * _phaseWidth + j] = padded(c, firstRow + r, j * stride + b).
    /// </summary>
    private void Split(ReadOnlySpan<float> x, Span<float> split, int firstRow, int count)
    {
        var g = _g;
        for (int c = 0; c < g.InChannelsPerGroup; c++)
            for (int r = 0; r < count; r++)
            {
                var dst = split.Slice((c * _inputRows + r) * _splitRow, _splitRow);
                int ih = firstRow + r - g.PadTop;
                if ((uint)ih >= (uint)g.InHeight)
                    dst.Clear();
                else
                    SplitRow(x.Slice((c * g.InHeight + ih) * g.InWidth, g.InWidth), dst);
            }
    }

    private static readonly Vector512<int> EvenLanes = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    private static readonly Vector512<int> OddLanes = Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);

    /// <summary>One input row into its stride phases, zero where the padded column is outside the row.</summary>
    private void SplitRow(ReadOnlySpan<float> source, Span<float> dst)
    {
        var g = _g;
        int s = g.StrideW, q = _phaseWidth, pad = g.PadLeft;
        if (s == 1)
        {
            ref float d = ref MemoryMarshal.GetReference(dst);
            int copy = Math.Clamp(q - pad, 0, source.Length);
            dst[..Math.Min(pad, q)].Clear();
            RowCopy.Copy(ref MemoryMarshal.GetReference(source), ref Unsafe.Add(ref d, Math.Min(pad, q)), copy);
            dst[(Math.Min(pad, q) + copy)..].Clear();
        }
        else if (Avx512F.IsSupported && s is 2 or 4)
            SplitRowVector(source, dst, s, q, pad);
        else
            for (int j = 0; j < q; j++)
                for (int b = 0; b < s; b++)
                {
                    int iw = j * s + b - pad;
                    dst[b * q + j] = (uint)iw < (uint)source.Length ? source[iw] : 0f;
                }
    }

    /// <summary>
    /// Stride 2 or 4 phase split, 16 phase columns at a time: the s source vectors are loaded with a mask that
    /// zeroes columns outside the row (the padding), the last block is stored with a mask so it stays in its phase.
    /// </summary>
    private static unsafe void SplitRowVector(ReadOnlySpan<float> source, Span<float> dst, int s, int q, int pad)
    {
        var width = Vector512.Create((uint)source.Length);
        var lowHalf = Vector512.Create(-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0).AsSingle();
        // Lane i (and i + 8) of phase b picks element 4i + b of a 32-float pair.
        var quarter0 = Vector512.Create(0, 4, 8, 12, 16, 20, 24, 28, 0, 4, 8, 12, 16, 20, 24, 28);
        var one = Vector512<int>.One;
        fixed (float* src = &MemoryMarshal.GetReference(source))
        fixed (float* d = &MemoryMarshal.GetReference(dst))
        {
            for (int j = 0; j < q; j += 16)
            {
                int start = j * s - pad;
                var v0 = Load(src, start, width);
                var v1 = Load(src, start + 16, width);
                var store = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(q - j)).AsSingle();
                if (s == 2)
                {
                    Avx512F.MaskStore(d + j, store, Avx512F.PermuteVar16x32x2(v0, EvenLanes, v1));
                    Avx512F.MaskStore(d + q + j, store, Avx512F.PermuteVar16x32x2(v0, OddLanes, v1));
                    continue;
                }
                var v2 = Load(src, start + 32, width);
                var v3 = Load(src, start + 48, width);
                var index = quarter0;
                for (int b = 0; b < 4; b++, index += one)
                    Avx512F.MaskStore(d + b * q + j, store, Vector512.ConditionalSelect(lowHalf,
                        Avx512F.PermuteVar16x32x2(v0, index, v1), Avx512F.PermuteVar16x32x2(v2, index, v3)));
            }
        }
    }

    /// <summary>16 floats from src[start..], zero for indices outside [0, width) (the masked lanes are never read).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector512<float> Load(float* src, int start, Vector512<uint> width)
    {
        var inside = Vector512.LessThan((Vector512<int>.Indices + Vector512.Create(start)).AsUInt32(), width).AsSingle();
        return Avx512F.MaskLoad(src + start, inside, Vector512<float>.Zero);
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
                    int col = kj * g.DilationW;
                    int start = (c * _inputRows + ki * g.DilationH) * _splitRow + col % g.StrideW * _phaseWidth + col / g.StrideW + ow0;
                    for (int r = 0; r < rows; r++)
                        RowCopy.Copy(ref Unsafe.Add(ref src, start + r * g.StrideH * _splitRow), ref Unsafe.Add(ref dst, k * tileWidth + r * width), width);
                }
    }
}
