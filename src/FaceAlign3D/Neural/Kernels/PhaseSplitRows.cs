using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FaceAlign3D.Neural.Kernels;

/// <summary>
/// A band of a convolution's input rows copied into scratch with the zero padding made explicit and each row split
/// into its stride phases: column j of phase b holds padded column j * stride + b. Every window tap (c, ki, kj) then
/// reads the outputs of one output row as a plain contiguous run starting at <see cref="Offset"/>.
/// </summary>
internal sealed class PhaseSplitRows
{
    private readonly ConvGeometry _g;

    /// <param name="g">The convolution.</param>
    /// <param name="bandRows">The most output rows one band covers.</param>
    public PhaseSplitRows(ConvGeometry g, int bandRows)
    {
        _g = g;
        InputRows = (bandRows - 1) * g.StrideH + (g.KernelHeight - 1) * g.DilationH + 1;
        int paddedWidth = (g.OutWidth - 1) * g.StrideW + (g.KernelWidth - 1) * g.DilationW + 1;
        PhaseWidth = (paddedWidth + g.StrideW - 1) / g.StrideW;
        RowLength = PhaseWidth * g.StrideW;
    }

    /// <summary>Padded input rows per channel in a band.</summary>
    public int InputRows { get; }
    /// <summary>Columns per stride phase.</summary>
    public int PhaseWidth { get; }
    /// <summary>Floats per split row (all phases).</summary>
    public int RowLength { get; }
    /// <summary>Floats of a band: every input channel of a group.</summary>
    public int Length => _g.InChannelsPerGroup * InputRows * RowLength;

    /// <summary>Where tap (c, ki, kj) of the band's first output row, output column 0, is read.</summary>
    public int Offset(int c, int ki, int kj)
    {
        int col = kj * _g.DilationW;
        return (c * InputRows + ki * _g.DilationH) * RowLength + col % _g.StrideW * PhaseWidth + col / _g.StrideW;
    }

    /// <summary>How far apart two consecutive output rows read in the band.</summary>
    public int OutputRowStep => _g.StrideH * RowLength;

    /// <summary>
    /// Copies the input rows that output rows [firstOutputRow, firstOutputRow + outputRows) read, for every
    /// channel of the group in <paramref name="x"/>, into <paramref name="split"/>.
    /// </summary>
    public void Split(ReadOnlySpan<float> x, Span<float> split, int firstOutputRow, int outputRows)
    {
        var g = _g;
        int firstRow = firstOutputRow * g.StrideH, count = (outputRows - 1) * g.StrideH + (g.KernelHeight - 1) * g.DilationH + 1;
        for (int c = 0; c < g.InChannelsPerGroup; c++)
            for (int r = 0; r < count; r++)
            {
                var dst = split.Slice((c * InputRows + r) * RowLength, RowLength);
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
        int s = g.StrideW, q = PhaseWidth, pad = g.PadLeft;
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
}
