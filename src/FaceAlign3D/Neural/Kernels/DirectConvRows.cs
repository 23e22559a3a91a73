namespace FaceAlign3D.Neural.Kernels;

/// <summary>
/// Output rows of an ungrouped convolution without im2col: the input rows a band of output rows reads are split into
/// their stride phases once (<see cref="PhaseSplitRows"/>), and the GEMM then reads each window tap's row of B
/// straight from the split rows through a table of offsets. This saves the unfold copy, which costs most where the
/// layer has few output channels to share each unfolded column (FaceBoxes' 7x7 stride-4 first layer).
/// </summary>
internal sealed class DirectConvRows
{
    /// <summary>Narrower rows leave too large a masked tail per row; <see cref="Im2ColConvKernel"/> joins rows instead.</summary>
    public const int MinOutWidth = 128;

    private readonly ConvGeometry _g;
    private readonly PackedMatrix _weights;
    private readonly PhaseSplitRows _split;
    // The offset of tap (c, ki, kj) in the split band, in the packed weights' depth order.
    private readonly int[] _tapOffsets;

    public static bool Supports(ConvGeometry g) => g.Groups == 1 && g.OutWidth >= MinOutWidth;

    /// <summary>Floats of split input per output row of a band, to size bands against a scratch budget.</summary>
    public static int SplitFloatsPerRow(ConvGeometry g) => g.InChannels * g.StrideH * new PhaseSplitRows(g, 1).RowLength;

    /// <param name="g">The convolution.</param>
    /// <param name="weights">Its weights, OIHW.</param>
    /// <param name="bandRows">The most output rows one call of <see cref="Compute"/> covers.</param>
    public DirectConvRows(ConvGeometry g, float[] weights, int bandRows)
    {
        if (!Supports(g))
            throw new ArgumentException("the direct convolution needs an ungrouped layer with wide output rows");
        _g = g;
        int depth = g.InChannels * g.KernelHeight * g.KernelWidth;
        _weights = PackedMatrix.Pack(weights, 0, g.OutChannels, depth);
        _split = new PhaseSplitRows(g, bandRows);
        _tapOffsets = new int[depth];
        int k = 0;
        for (int c = 0; c < g.InChannels; c++)
            for (int ki = 0; ki < g.KernelHeight; ki++)
                for (int kj = 0; kj < g.KernelWidth; kj++)
                    _tapOffsets[k++] = _split.Offset(c, ki, kj);
    }

    /// <summary>Floats of per-thread scratch <see cref="Compute"/> needs.</summary>
    public int ScratchLength => _split.Length;

    /// <summary>
    /// Output rows [firstRow, firstRow + rows) of one image <paramref name="x"/>: row firstRow + r of channel o goes to
    /// y[o * channelStride + r * OutWidth] (and a fused CReLU's twin <see cref="Activation.MirrorOffset"/> further on).
    /// </summary>
    public void Compute(ReadOnlySpan<float> x, Span<float> scratch, int firstRow, int rows, Span<float> y, int channelStride, Activation activation)
    {
        var split = scratch[.._split.Length];
        _split.Split(x, split, firstRow, rows);
        for (int r = 0; r < rows; r++)
            Gemm.Multiply(_weights, split[(r * _split.OutputRowStep)..], _tapOffsets, y[(r * _g.OutWidth)..], channelStride, 0, _g.OutWidth, activation);
    }
}
