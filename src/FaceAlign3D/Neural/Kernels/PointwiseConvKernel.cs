using FaceAlign3D.Neural.Runtime;

namespace FaceAlign3D.Neural.Kernels;

/// <summary>1x1, stride-1, unpadded convolution: per image, Y[M x HW] = W[M x C] * X[C x HW], split into column tiles.</summary>
internal sealed class PointwiseConvKernel : Kernel, IParallelBody
{
    private readonly ConvGeometry _g;
    private readonly PackedMatrix _weights;
    private readonly Activation _activation;
    private readonly int _input, _output, _tile, _tilesPerImage;
    private RunContext? _context;

    public PointwiseConvKernel(ConvGeometry g, float[] weights, Activation activation, int input, int output)
    {
        _g = g;
        _weights = PackedMatrix.Pack(weights, 0, g.OutChannels, g.InChannels);
        _activation = activation;
        _input = input;
        _output = output;
        _tile = GemmTiling.ColumnTile(g.InChannels, g.OutPlane);
        _tilesPerImage = (g.OutPlane + _tile - 1) / _tile;
    }

    public override long MacCount => (long)_g.Batch * _g.OutChannels * _g.InChannels * _g.OutPlane;

    public override void Run(RunContext context)
    {
        _context = context;
        context.Pool.For(_g.Batch * _tilesPerImage, this);
        _context = null;
    }

    public void Execute(int chunk, int worker)
    {
        int n = chunk / _tilesPerImage, t = chunk % _tilesPerImage;
        int plane = _g.OutPlane;
        // A fused CReLU doubles the output channels of each image.
        int outImage = _g.OutChannels * plane + _activation.MirrorOffset;
        var x = _context!.Read(_input).Slice(n * _g.InChannels * plane, _g.InChannels * plane);
        var y = _context.Write(_output).Slice(n * outImage, outImage);
        int start = t * _tile, end = Math.Min(plane, start + _tile);
        Gemm.Multiply(_weights, x, plane, y, plane, start, end, _activation);
    }
}
