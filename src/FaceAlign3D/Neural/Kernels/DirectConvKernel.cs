using FaceAlign3D.Neural.Runtime;

namespace FaceAlign3D.Neural.Kernels;

/// <summary>An ungrouped convolution with wide output rows, computed band by band with <see cref="DirectConvRows"/>.</summary>
internal sealed class DirectConvKernel : Kernel, IParallelBody
{
    private const int TargetSplitFloats = 64 * 1024;

    private readonly ConvGeometry _g;
    private readonly DirectConvRows _rows;
    private readonly Activation _activation;
    private readonly int _input, _output, _bandRows, _bands;
    private RunContext? _context;

    public DirectConvKernel(ConvGeometry g, float[] weights, Activation activation, int input, int output)
    {
        _g = g;
        _bandRows = Math.Clamp(TargetSplitFloats / DirectConvRows.SplitFloatsPerRow(g), 1, g.OutHeight);
        _bands = (g.OutHeight + _bandRows - 1) / _bandRows;
        _rows = new DirectConvRows(g, weights, _bandRows);
        _activation = activation;
        _input = input;
        _output = output;
    }

    public override long MacCount => (long)_g.Batch * _g.OutChannels * _g.InChannels * _g.KernelHeight * _g.KernelWidth * _g.OutPlane;

    public override int ScratchLength => _rows.ScratchLength;

    public override void Run(RunContext context)
    {
        _context = context;
        context.Pool.For(_g.Batch * _bands, this);
        _context = null;
    }

    public void Execute(int chunk, int worker)
    {
        var g = _g;
        int n = chunk / _bands, oh0 = chunk % _bands * _bandRows, plane = g.OutPlane;
        var x = _context!.Read(_input).Slice(n * g.InChannels * g.InPlane, g.InChannels * g.InPlane);
        // A fused CReLU doubles the output channels of each image.
        var y = _context.Write(_output).Slice(n * (g.OutChannels * plane + _activation.MirrorOffset));
        _rows.Compute(x, _context.Scratch[worker], oh0, Math.Min(_bandRows, g.OutHeight - oh0), y[(oh0 * g.OutWidth)..], plane, _activation);
    }
}
