using FaceAlign3D.Neural;

namespace FaceAlign3D.Tests.Neural;

/// <summary>MaxPool and AveragePool (vectorised rows, strides 1 and 2, scalar other strides), alone and fused after a convolution, against a naive reference.</summary>
public class PoolReferenceTests
{
    /// <summary>Direct pooling per ONNX: windows clipped to the padded input, padding ignored by max and (unless countPad) by the average.</summary>
    private static float[] NaivePool(float[] x, int n, int c, int h, int w, int k, int stride, int pad, bool ceil, bool max, bool countPad, out int oh, out int ow)
    {
        int OutSize(int size)
        {
            int span = size + 2 * pad - k;
            int o = (ceil ? (span + stride - 1) / stride : span / stride) + 1;
            return ceil && (o - 1) * stride >= size + pad ? o - 1 : o;
        }
        oh = OutSize(h);
        ow = OutSize(w);
        var y = new float[n * c * oh * ow];
        for (int p = 0; p < n * c; p++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                {
                    int h0 = i * stride - pad, w0 = j * stride - pad;
                    int h1 = Math.Min(h0 + k, h + pad), w1 = Math.Min(w0 + k, w + pad);
                    double acc = max ? double.NegativeInfinity : 0;
                    int count = 0;
                    for (int ih = Math.Max(h0, 0); ih < Math.Min(h1, h); ih++)
                        for (int iw = Math.Max(w0, 0); iw < Math.Min(w1, w); iw++)
                        {
                            float v = x[(p * h + ih) * w + iw];
                            acc = max ? Math.Max(acc, v) : acc + v;
                            count++;
                        }
                    if (!max) acc /= countPad ? (h1 - h0) * (w1 - w0) : count;
                    y[(p * oh + i) * ow + j] = (float)acc;
                }
        return y;
    }

    [Theory]
    [InlineData(1, 5, 36, 54, 3, 2, 1, false, true, false)]    // FaceBoxes-style 3x3 stride 2 max, vector rows
    [InlineData(2, 3, 17, 37, 3, 2, 1, true, true, false)]     // max, ceil mode, odd width, batch 2
    [InlineData(1, 4, 9, 40, 3, 1, 1, false, false, false)]    // 3x3 stride 1 average, padding excluded
    [InlineData(2, 2, 11, 33, 3, 1, 1, false, false, true)]    // average, padding counted, batch 2
    [InlineData(1, 3, 10, 21, 2, 2, 0, false, true, false)]    // 2x2 stride 2 max, no padding
    [InlineData(1, 2, 13, 50, 5, 3, 2, true, false, false)]    // stride 3 (scalar horizontal pass), ceil mode
    [InlineData(1, 3, 7, 9, 3, 2, 1, false, false, false)]     // rows shorter than a vector
    public void Pool_matches_naive_reference(int n, int c, int h, int w, int k, int stride, int pad, bool ceil, bool max, bool countPad)
    {
        var random = new Random(n * 100 + h * 10 + w);
        var x = Enumerable.Range(0, n * c * h * w).Select(_ => random.NextSingle() * 2 - 1).ToArray();
        var attributes = new List<byte[]>
        {
            OnnxBuilder.IntsAttribute("kernel_shape", k, k), OnnxBuilder.IntsAttribute("strides", stride, stride),
            OnnxBuilder.IntsAttribute("pads", pad, pad, pad, pad), OnnxBuilder.IntAttribute("ceil_mode", ceil ? 1 : 0),
        };
        if (!max) attributes.Add(OnnxBuilder.IntAttribute("count_include_pad", countPad ? 1 : 0));
        var model = new OnnxBuilder().Input("x", [n, c, h, w])
            .Node(max ? "MaxPool" : "AveragePool", ["x"], ["y"], "pool", [.. attributes])
            .Output("y").Build();
        using var session = InferenceSession.Load(new MemoryStream(model), "pool.onnx");
        var expected = NaivePool(x, n, c, h, w, k, stride, pad, ceil, max, countPad, out int oh, out int ow);
        Assert.Equal([n, c, oh, ow], session.Outputs[0].Shape);
        OnnxParityTests.AssertClose(expected, session.Run(x.AsMemory())[0], max ? "max pool" : "average pool");
    }

    [Theory]
    [InlineData(2, 3, 45, 530, 6, 7, 4, 3, "CRelu", 3, 2, 1, false, 1)]  // FaceBoxes' first block: 7x7 stride 4 + CReLU + 3x3 stride 2 max, batch 2
    [InlineData(1, 3, 45, 530, 6, 7, 4, 3, "CRelu", 3, 2, 1, true, 2)]   // the same, ceil mode, two threads (chunks recompute a shared row)
    [InlineData(1, 2, 21, 140, 5, 3, 1, 1, "Relu", 2, 2, 0, false, 1)]   // 2x2 stride 2 windows share no rows
    [InlineData(1, 2, 30, 150, 3, 3, 1, 1, "None", 3, 1, 1, false, 3)]   // 3x3 stride 1 windows share two rows, three threads
    public void Conv_then_max_pool_fuses_and_matches_naive_reference(int n, int c, int h, int w, int m, int k, int stride, int pad,
        string activation, int poolK, int poolStride, int poolPad, bool ceil, int threads)
    {
        var random = new Random(n * 100 + h * 10 + m);
        float[] Rand(int count) => Enumerable.Range(0, count).Select(_ => random.NextSingle() * 2 - 1).ToArray();
        var x = Rand(n * c * h * w);
        var weight = Rand(m * c * k * k);
        var bias = Rand(m);
        var builder = new OnnxBuilder().Input("x", [n, c, h, w])
            .FloatInitializer("w", [m, c, k, k], weight)
            .FloatInitializer("b", [m], bias)
            .Node("Conv", ["x", "w", "b"], ["y"], "conv",
                OnnxBuilder.IntsAttribute("strides", stride, stride), OnnxBuilder.IntsAttribute("pads", pad, pad, pad, pad));
        string pooled = "y";
        if (activation == "CRelu")
        {
            builder.Node("Neg", ["y"], ["ny"], "neg").Node("Concat", ["y", "ny"], ["cat"], "concat", OnnxBuilder.IntAttribute("axis", 1))
                .Node("Relu", ["cat"], ["a"], "relu");
            pooled = "a";
        }
        else if (activation == "Relu")
        {
            builder.Node("Relu", ["y"], ["a"], "relu");
            pooled = "a";
        }
        var model = builder.Node("MaxPool", [pooled], ["out"], "pool", OnnxBuilder.IntsAttribute("kernel_shape", poolK, poolK),
                OnnxBuilder.IntsAttribute("strides", poolStride, poolStride), OnnxBuilder.IntsAttribute("pads", poolPad, poolPad, poolPad, poolPad),
                OnnxBuilder.IntAttribute("ceil_mode", ceil ? 1 : 0))
            .Output("out").Build();
        using var session = InferenceSession.Load(new MemoryStream(model), "conv_pool.onnx", new SessionOptions { ThreadCount = threads });
        Assert.Single(session.Plan.Kernels);

        var y = ConvReferenceTests.NaiveConv(x, n, c, h, w, weight, m, k, k, bias, 1, stride, pad, 1, activation == "Relu", out int oh, out int ow);
        int channels = activation == "CRelu" ? 2 * m : m, plane = oh * ow;
        var activated = new float[n * channels * plane];
        for (int b = 0; b < n; b++)
            for (int i = 0; i < m * plane; i++)
            {
                float v = y[b * m * plane + i];
                activated[b * channels * plane + i] = activation == "CRelu" ? Math.Max(v, 0) : v;
                if (activation == "CRelu")
                    activated[b * channels * plane + m * plane + i] = Math.Max(-v, 0);
            }
        var expected = NaivePool(activated, n, channels, oh, ow, poolK, poolStride, poolPad, ceil, true, false, out int ph, out int pw);
        Assert.Equal([n, channels, ph, pw], session.Outputs[0].Shape);
        OnnxParityTests.AssertClose(expected, session.Run(x.AsMemory())[0], "conv + max pool");
    }
}
