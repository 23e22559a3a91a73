using BenchmarkDotNet.Attributes;
using FaceAlign3D.Neural.Kernels;
using FaceAlign3D.Neural.Planning;
using FaceAlign3D.Neural.Runtime;

namespace FaceAlign3D.Benchmarks.Neural;

/// <summary>
/// Single convolution kernels at the shapes that dominate the shared models (FaceBoxes at
/// 720x1080, the 3DDFA mb05 backbone at 120x120), one thread, random data, ReLU epilogue. For GFLOP/s:
/// 2 * out channels * out pixels * (in channels per group * kernel area) / time.
/// </summary>
[MemoryDiagnoser]
public class ConvKernelBenchmarks
{
    private Kernel _kernel = null!;
    private RunContext _context = null!;
    private WorkerPool _pool = null!;

    [Params("faceboxes_conv7x7s4", "faceboxes_conv5x5s2", "faceboxes_head3x3", "mb05_pointwise_8x8", "mb05_depthwise_8x8", "mb05_depthwise_60x60_s2")]
    public string Layer { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        float[] Rand(int count) => Enumerable.Range(0, count).Select(_ => random.NextSingle() - 0.5f).ToArray();
        // (input channels, height, width, output channels, kernel, stride, pad, depthwise)
        var (c, h, w, m, k, s, p, depthwise) = Layer switch
        {
            "faceboxes_conv7x7s4" => (3, 720, 1080, 24, 7, 4, 3, false),
            "faceboxes_conv5x5s2" => (48, 90, 135, 64, 5, 2, 2, false),
            "faceboxes_head3x3" => (128, 23, 34, 84, 3, 1, 1, false),
            "mb05_pointwise_8x8" => (256, 8, 8, 256, 1, 1, 0, false),
            "mb05_depthwise_8x8" => (256, 8, 8, 256, 3, 1, 1, true),
            _ => (32, 60, 60, 32, 3, 2, 1, true),
        };
        int oh = (h + 2 * p - k) / s + 1, ow = (w + 2 * p - k) / s + 1;
        var g = new ConvGeometry(1, c, h, w, m, depthwise ? c : 1, k, k, s, s, 1, 1, p, p, p, p, oh, ow);
        var relu = new Activation(new float[m], ActivationKind.Relu);
        var weights = Rand(m * (depthwise ? 1 : c) * k * k);
        _kernel = Layer switch
        {
            _ when depthwise => new DepthwiseConvKernel(g, weights, relu, 0, 1),
            _ when k == 1 => new PointwiseConvKernel(g, weights, relu, 0, 1),
            _ => new Im2ColConvKernel(g, weights, relu, 0, 1),
        };
        var slots = new[] { new TensorSlot("x", [1, c, h, w]), new TensorSlot("y", [1, m, oh, ow]) };
        slots[0].Array = Rand(c * h * w);
        slots[1].Array = new float[m * oh * ow];
        _pool = new WorkerPool(1);
        _context = new RunContext(slots, 0, _pool, _kernel.ScratchLength);
    }

    [Benchmark]
    public void Run() => _kernel.Run(_context);

    [GlobalCleanup]
    public void Cleanup() => _pool.Dispose();
}
