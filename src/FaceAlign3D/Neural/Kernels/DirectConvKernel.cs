using FaceAlign3D.Neural.Runtime;

namespace FaceAlign3D.Neural.Kernels;

/// <summary>
/// Ungrouped convolution over wide output rows without im2col: per band of output rows, the input rows it reads are
/// split into their stride phases once (<see cref="PhaseSplitRows"/>), and the GEMM then reads each window tap's
/// row of B straight from the split rows through a table of offsets. This saves the unfold copy, which costs most
/// where the layer has few output channels to share each unfolded column (FaceBoxes' 7x7 stride-4 first layer).
/// </summary>
internal sealed class DirectConvKernel : Kernel, IParallelBody
{
    /// <summary>Narrower rows leave too large a masked tail per row; <see cref="Im2ColConvKernel"/> joins rows instead.</summary>
    public const int MinOutWidth = 128;

    private const int TargetSplitFloats = 64 * 1024;

    private readonly ConvGeometry _g;
    private readonly PackedMatrix _weights;
    private readonly Activation _activation;
    private readonly int _input, _output, _depth, _bandRows, _bands;
    private readonly PhaseSplitRows _split;
    // The offset of tap (c, ki, kj) in the split band, in the packed weights' depth order.
    private readonly int[] _tapOffsets;
    private RunContext? _context;

    public static bool Supports(ConvGeometry g) => g.Groups == 1 && g.OutWidth >= MinOutWidth;

    public DirectConvKernel(ConvGeometry g, float[] weights, Activation activation, int input, int output)
    {
        if (!Supports(g))
            throw new ArgumentException("the direct convolution needs an ungrouped layer with wide output rows");
        _g = g;
        _depth = g.InChannels * g.KernelHeight * g.KernelWidth;
        _weights = PackedMatrix.Pack(weights, 0, g.OutChannels, _depth);
        _activation = activation;
        _input = input;
        _output = output;
        int rowFloats = new PhaseSplitRows(g, 1).Length / ((g.KernelHeight - 1) * g.DilationH + 1);
        int inputRows = Math.Max(TargetSplitFloats / rowFloats, 1);
        _bandRows = Math.Clamp((inputRows - (g.KernelHeight - 1) * g.DilationH - 1) / g.StrideH + 1, 1, g.OutHeight);
        _bands = (g.OutHeight + _bandRows - 1) / _bandRows;
        _split = new PhaseSplitRows(g, _bandRows);
        _tapOffsets = new int[_depth];
        int k = 0;
        for (int c = 0; c < g.InChannels; c++)
            for (int ki = 0; ki < g.KernelHeight; ki++)
                for (int kj = 0; kj < g.KernelWidth; kj++)
                    _tapOffsets[k++] = _split.Offset(c, ki, kj);
    }

    public override long MacCount => (long)_g.Batch * _g.OutChannels * _depth * _g.OutPlane;

    public override int ScratchLength => _split.Length;

    public override void Run(RunContext context)
    {
        _context = context;
        context.Pool.For(_g.Batch * _bands, this);
        _context = null;
    }

    public void Execute(int chunk, int worker)
    {
        var g = _g;
        int n = chunk / _bands, oh0 = chunk % _bands * _bandRows, rows = Math.Min(_bandRows, g.OutHeight - oh0), plane = g.OutPlane;
        var x = _context!.Read(_input).Slice(n * g.InChannels * g.InPlane, g.InChannels * g.InPlane);
        // A fused CReLU doubles the output channels of each image.
        var y = _context.Write(_output).Slice(n * (g.OutChannels * plane + _activation.MirrorOffset));
        var split = _context.Scratch[worker].AsSpan(0, _split.Length);
        _split.Split(x, split, oh0, rows);
        for (int r = 0; r < rows; r++)
            Gemm.Multiply(_weights, split[(r * _split.OutputRowStep)..], _tapOffsets, y[((oh0 + r) * g.OutWidth)..], plane, 0, g.OutWidth, _activation);
    }
}
