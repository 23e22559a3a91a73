using FaceAlign3D.Neural;

namespace FaceAlign3D.Tests.Neural;

/// <summary>The engine's convolution paths (pointwise GEMM, depthwise 3x3, im2col, direct) against a naive scalar reference.</summary>
[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class ConvReferenceTests
{
    /// <summary>Direct 7-loop convolution, NCHW, with bias then optional ReLU.</summary>
    internal static float[] NaiveConv(float[] x, int n, int c, int h, int w, float[] weight, int m, int kh, int kw, float[] bias,
        int group, int stride, int pad, int dilation, bool relu, out int oh, out int ow)
    {
        oh = (h + 2 * pad - dilation * (kh - 1) - 1) / stride + 1;
        ow = (w + 2 * pad - dilation * (kw - 1) - 1) / stride + 1;
        int cg = c / group, mg = m / group;
        var y = new float[n * m * oh * ow];
        for (int b = 0; b < n; b++)
            for (int o = 0; o < m; o++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                    {
                        double acc = bias[o];
                        int g = o / mg;
                        for (int ci = 0; ci < cg; ci++)
                            for (int ki = 0; ki < kh; ki++)
                                for (int kj = 0; kj < kw; kj++)
                                {
                                    int ih = i * stride - pad + ki * dilation, iw = j * stride - pad + kj * dilation;
                                    if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
                                    acc += weight[((o * cg + ci) * kh + ki) * kw + kj] * x[((b * c + g * cg + ci) * h + ih) * w + iw];
                                }
                        y[((b * m + o) * oh + i) * ow + j] = relu ? (float)Math.Max(acc, 0) : (float)acc;
                    }
        return y;
    }

    [Theory]
    [InlineData(2, 16, 9, 37, 24, 1, 1, 1, 0, 1, true)]    // pointwise GEMM, batch 2, ragged columns
    [InlineData(1, 8, 3, 3, 6, 1, 1, 1, 0, 1, false)]      // pointwise, fewer columns than a vector, partial row panel
    [InlineData(2, 5, 15, 15, 9, 1, 1, 1, 0, 1, true)]     // pointwise, 225 columns: a one-column masked tail
    [InlineData(1, 12, 4, 4, 20, 1, 1, 1, 0, 1, true)]     // pointwise on 4x4: one vector of columns, two panels at a time plus an odd one
    [InlineData(2, 7, 4, 4, 6, 1, 1, 1, 0, 1, false)]      // pointwise on 4x4: a panel pair with 6 valid rows
    [InlineData(1, 8, 11, 45, 8, 3, 8, 1, 1, 1, true)]     // depthwise 3x3 stride 1, vector + overlap tail
    [InlineData(2, 5, 4, 4, 5, 3, 5, 1, 1, 1, true)]       // depthwise 3x3 stride 1 on 4x4 planes: a whole plane per vector
    [InlineData(1, 3, 2, 2, 3, 3, 3, 1, 1, 1, false)]      // depthwise 3x3 stride 1 on 2x2 planes: a partly used vector
    [InlineData(1, 4, 7, 4, 4, 3, 4, 1, 1, 1, true)]       // depthwise 3x3 stride 1, 4 wide, rows not a multiple of 4
    [InlineData(2, 3, 15, 15, 3, 3, 3, 1, 1, 1, true)]     // depthwise 3x3 stride 1, one 16-lane block per 15-wide row
    [InlineData(1, 2, 1, 37, 2, 3, 2, 1, 1, 1, false)]     // depthwise 3x3 stride 1, a single row of three column blocks
    [InlineData(1, 8, 12, 70, 8, 3, 8, 2, 1, 1, false)]    // depthwise 3x3 stride 2 (permute path)
    [InlineData(1, 6, 5, 7, 6, 3, 6, 2, 1, 1, true)]       // depthwise, tiny plane: scalar borders only
    [InlineData(2, 8, 8, 8, 8, 3, 8, 1, 1, 1, true)]       // depthwise 3x3 stride 1 on 8x8 planes, batch 2
    [InlineData(2, 4, 8, 8, 4, 3, 4, 2, 1, 1, false)]      // depthwise 3x3 stride 2 on 8x8 planes, batch 2
    [InlineData(1, 5, 15, 15, 5, 3, 5, 2, 1, 1, true)]     // depthwise 3x3 stride 2, odd plane
    [InlineData(1, 3, 9, 13, 3, 3, 3, 1, 0, 1, false)]     // depthwise 3x3 without padding
    [InlineData(1, 3, 7, 10, 3, 3, 3, 2, 2, 1, true)]      // depthwise 3x3 stride 2, pad 2
    [InlineData(1, 2, 33, 61, 2, 3, 2, 2, 1, 1, true)]     // depthwise 3x3 stride 2, wide odd rows
    [InlineData(1, 3, 20, 23, 10, 3, 1, 2, 1, 1, true)]    // im2col 3x3 stride 2
    [InlineData(1, 4, 15, 17, 6, 5, 2, 1, 2, 2, false)]    // grouped, dilated 5x5
    [InlineData(3, 3, 21, 19, 5, 7, 1, 4, 3, 1, true)]     // 7x7 stride 4, batch 3
    [InlineData(1, 3, 45, 150, 6, 7, 1, 4, 3, 1, true)]    // 7x7 stride 4, rows wide enough for the vector phase split
    [InlineData(2, 5, 23, 75, 7, 5, 1, 2, 2, 1, true)]     // 5x5 stride 2, vector phase split, odd width, batch 2
    [InlineData(1, 2, 4, 1100, 3, 3, 1, 1, 1, 1, false)]   // rows wider than a tile: split into row segments
    [InlineData(1, 4, 12, 40, 5, 3, 1, 3, 1, 1, true)]     // stride 3 (scalar phase split)
    [InlineData(1, 3, 14, 37, 4, 3, 1, 2, 1, 2, false)]    // dilated 3x3 stride 2
    [InlineData(2, 3, 30, 522, 13, 7, 1, 4, 3, 1, true)]   // direct (no im2col): 7x7 stride 4, 130 columns, odd panel count, batch 2
    [InlineData(1, 4, 9, 300, 16, 3, 1, 2, 1, 1, false)]   // direct 3x3 stride 2, 150 columns: a 6-column masked tail
    [InlineData(1, 2, 6, 136, 5, 3, 1, 1, 2, 2, true)]     // direct, dilated 3x3 stride 1, 5 rows in a panel pair
    public void Conv_matches_naive_reference(int n, int c, int h, int w, int m, int k, int group, int stride, int pad, int dilation, bool relu)
    {
        var random = new Random(n * 1000 + c * 100 + k * 10 + stride);
        float[] Rand(int count) => Enumerable.Range(0, count).Select(_ => random.NextSingle() * 2 - 1).ToArray();
        var x = Rand(n * c * h * w);
        var weight = Rand(m * (c / group) * k * k);
        var bias = Rand(m);
        var builder = new OnnxBuilder().Input("x", [n, c, h, w])
            .FloatInitializer("w", [m, c / group, k, k], weight)
            .FloatInitializer("b", [m], bias)
            .Node("Conv", ["x", "w", "b"], [relu ? "c" : "y"], "conv",
                OnnxBuilder.IntsAttribute("strides", stride, stride), OnnxBuilder.IntsAttribute("pads", pad, pad, pad, pad),
                OnnxBuilder.IntsAttribute("dilations", dilation, dilation), OnnxBuilder.IntAttribute("group", group));
        if (relu) builder.Node("Relu", ["c"], ["y"], "relu");
        using var session = InferenceSession.Load(new MemoryStream(builder.Output("y").Build()), "conv.onnx");
        var expected = NaiveConv(x, n, c, h, w, weight, m, k, k, bias, group, stride, pad, dilation, relu, out int oh, out int ow);
        Assert.Equal([n, m, oh, ow], session.Outputs[0].Shape);
        var actual = session.Run(x.AsMemory())[0];
        OnnxParityTests.AssertClose(expected, actual, "conv");
    }

    [Theory]
    [InlineData(2, 3, 19, 23, 5, 7, 4, 3)]   // im2col 7x7 stride 4 (FaceBoxes' first layer), batch 2
    [InlineData(2, 3, 23, 530, 6, 7, 4, 3)]  // direct 7x7 stride 4 on rows 133 wide, batch 2
    [InlineData(1, 6, 9, 11, 8, 5, 2, 2)]    // im2col 5x5 stride 2
    [InlineData(2, 8, 5, 13, 6, 1, 1, 0)]    // pointwise, batch 2
    public void CRelu_block_fuses_into_the_conv_and_matches_naive_reference(int n, int c, int h, int w, int m, int k, int stride, int pad)
    {
        var random = new Random(m * 100 + k * 10 + stride);
        float[] Rand(int count) => Enumerable.Range(0, count).Select(_ => random.NextSingle() * 2 - 1).ToArray();
        var x = Rand(n * c * h * w);
        var weight = Rand(m * c * k * k);
        var bias = Rand(m);
        var model = new OnnxBuilder().Input("x", [n, c, h, w])
            .FloatInitializer("w", [m, c, k, k], weight)
            .FloatInitializer("b", [m], bias)
            .Node("Conv", ["x", "w", "b"], ["y"], "conv",
                OnnxBuilder.IntsAttribute("strides", stride, stride), OnnxBuilder.IntsAttribute("pads", pad, pad, pad, pad))
            .Node("Neg", ["y"], ["ny"], "neg")
            .Node("Concat", ["y", "ny"], ["cat"], "concat", OnnxBuilder.IntAttribute("axis", 1))
            .Node("Relu", ["cat"], ["out"], "relu")
            .Output("out").Build();
        using var session = InferenceSession.Load(new MemoryStream(model), "crelu.onnx");
        Assert.Single(session.Plan.Kernels);
        var y = NaiveConv(x, n, c, h, w, weight, m, k, k, bias, 1, stride, pad, 1, false, out int oh, out int ow);
        int plane = oh * ow;
        var expected = new float[n * 2 * m * plane];
        for (int b = 0; b < n; b++)
            for (int i = 0; i < m * plane; i++)
            {
                float v = y[b * m * plane + i];
                expected[b * 2 * m * plane + i] = Math.Max(v, 0);
                expected[b * 2 * m * plane + m * plane + i] = Math.Max(-v, 0);
            }
        Assert.Equal([n, 2 * m, oh, ow], session.Outputs[0].Shape);
        OnnxParityTests.AssertClose(expected, session.Run(x.AsMemory())[0], "crelu");
    }

    [Theory]
    [InlineData(8, 8, 8, 1, "Clip")]     // depthwise 3x3 stride 1 (whole-plane path)
    [InlineData(8, 15, 15, 2, "PRelu")]  // depthwise 3x3 stride 2
    [InlineData(1, 9, 37, 1, "PRelu")]   // 1x1: pointwise GEMM with a masked tail
    [InlineData(2, 13, 22, 2, "Clip")]   // grouped 3x3 stride 2 im2col
    [InlineData(2, 11, 20, 1, "PRelu")]  // grouped 3x3 im2col: per-group slopes
    public void Fused_clip_and_prelu_match_naive_reference(int group, int h, int w, int stride, string activation)
    {
        const int n = 2, c = 8, m = 8;
        int k = group == 1 && stride == 1 ? 1 : 3, pad = k / 2;
        var random = new Random(h * 100 + w + stride);
        float[] Rand(int count) => Enumerable.Range(0, count).Select(_ => random.NextSingle() * 2 - 1).ToArray();
        var x = Rand(n * c * h * w);
        var weight = Rand(m * (c / group) * k * k);
        var bias = Rand(m);
        var slopes = Rand(m);
        var builder = new OnnxBuilder().Input("x", [n, c, h, w])
            .FloatInitializer("w", [m, c / group, k, k], weight)
            .FloatInitializer("b", [m], bias)
            .FloatInitializer("lo", [], [-0.25f])
            .FloatInitializer("hi", [], [0.5f])
            .FloatInitializer("slope", [m, 1, 1], slopes)
            .Node("Conv", ["x", "w", "b"], ["y"], "conv",
                OnnxBuilder.IntsAttribute("strides", stride, stride), OnnxBuilder.IntsAttribute("pads", pad, pad, pad, pad),
                OnnxBuilder.IntAttribute("group", group))
            .Node(activation, activation == "Clip" ? ["y", "lo", "hi"] : ["y", "slope"], ["out"], "act");
        using var session = InferenceSession.Load(new MemoryStream(builder.Output("out").Build()), "act.onnx");
        Assert.Single(session.Plan.Kernels);
        var expected = NaiveConv(x, n, c, h, w, weight, m, k, k, bias, group, stride, pad, 1, false, out int oh, out int ow);
        for (int i = 0; i < expected.Length; i++)
        {
            float v = expected[i];
            int channel = i / (oh * ow) % m;
            expected[i] = activation == "Clip" ? Math.Clamp(v, -0.25f, 0.5f) : v >= 0 ? v : v * slopes[channel];
        }
        OnnxParityTests.AssertClose(expected, session.Run(x.AsMemory())[0], activation);
    }

    [Fact]
    public void Worker_threads_give_the_single_thread_result()
    {
        var random = new Random(7);
        float[] Rand(int count) => Enumerable.Range(0, count).Select(_ => random.NextSingle() * 2 - 1).ToArray();
        int[] shape = [2, 6, 37, 45];
        // im2col 7x7 stride 4 + CReLU, max pool, depthwise 3x3 stride 2, pointwise: every tiled kernel splits across workers.
        var model = new OnnxBuilder().Input("x", shape)
            .FloatInitializer("w0", [6, 6, 7, 7], Rand(6 * 6 * 49))
            .FloatInitializer("w1", [12, 1, 3, 3], Rand(12 * 9))
            .FloatInitializer("w2", [5, 12, 1, 1], Rand(5 * 12))
            .Node("Conv", ["x", "w0"], ["c0"], "conv0", OnnxBuilder.IntsAttribute("strides", 4, 4), OnnxBuilder.IntsAttribute("pads", 3, 3, 3, 3))
            .Node("Neg", ["c0"], ["n0"], "neg")
            .Node("Concat", ["c0", "n0"], ["cat"], "concat", OnnxBuilder.IntAttribute("axis", 1))
            .Node("Relu", ["cat"], ["r0"], "relu")
            .Node("MaxPool", ["r0"], ["p0"], "pool", OnnxBuilder.IntsAttribute("kernel_shape", 3, 3), OnnxBuilder.IntsAttribute("strides", 1, 1),
                OnnxBuilder.IntsAttribute("pads", 1, 1, 1, 1))
            .Node("Conv", ["p0", "w1"], ["d0"], "depthwise", OnnxBuilder.IntsAttribute("strides", 2, 2), OnnxBuilder.IntsAttribute("pads", 1, 1, 1, 1),
                OnnxBuilder.IntAttribute("group", 12))
            .Node("Conv", ["d0", "w2"], ["y"], "pointwise")
            .Output("y").Build();
        var x = Rand(shape.Aggregate(1, (a, d) => a * d));
        float[] RunWith(int threads)
        {
            using var session = InferenceSession.Load(new MemoryStream(model), "threads.onnx", new SessionOptions { ThreadCount = threads });
            return session.Run(x.AsMemory())[0];
        }
        Assert.Equal(RunWith(1), RunWith(3));
    }

    [Fact]
    public void Run_into_caller_buffers_allocates_nothing_in_steady_state()
    {
        using var session = InferenceSession.Load(SharedData.PathOf("models", "ultralight", "version-RFB-320.onnx"));
        var input = new float[session.Inputs[0].Length];
        var outputs = session.Outputs.Select(o => (Memory<float>)new float[o.Length]).ToArray();
        ReadOnlyMemory<float>[] inputs = [input];
        session.Run(inputs, outputs);
        long before = GC.GetAllocatedBytesForCurrentThread();
        session.Run(inputs, outputs);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
