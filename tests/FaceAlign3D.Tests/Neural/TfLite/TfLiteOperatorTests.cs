using FaceAlign3D.Neural;
using FaceAlign3D.Neural.Formats.TfLite;
using static FaceAlign3D.Tests.Neural.TfLite.NhwcReference;
using B = FaceAlign3D.Neural.Formats.TfLite.TfLiteBuiltins;

namespace FaceAlign3D.Tests.Neural.TfLite;

/// <summary>
/// Each TFLite operator the reader maps, in a small model built here, run through the NCHW engine and compared
/// with a naive NHWC implementation on random data.
/// </summary>
public class TfLiteOperatorTests
{
    private const float Tolerance = 1e-4f;
    private const byte Same = 0, Valid = 1;
    private const byte NoActivation = 0, Relu = 1, ReluN1To1 = 2, Relu6 = 3;

    private static FbTable ConvOptions(byte padding, int stride, byte activation, int dilation = 1) =>
        new((0, FbScalar.U8(padding)), (1, FbScalar.I32(stride)), (2, FbScalar.I32(stride)), (3, FbScalar.U8(activation)), (4, FbScalar.I32(dilation)), (5, FbScalar.I32(dilation)));

    private static FbTable DepthwiseOptions(byte padding, int stride, int multiplier, byte activation) =>
        new((0, FbScalar.U8(padding)), (1, FbScalar.I32(stride)), (2, FbScalar.I32(stride)), (3, FbScalar.I32(multiplier)), (4, FbScalar.U8(activation)));

    private static FbTable PoolOptions(byte padding, int stride, int filter) =>
        new((0, FbScalar.U8(padding)), (1, FbScalar.I32(stride)), (2, FbScalar.I32(stride)), (3, FbScalar.I32(filter)), (4, FbScalar.I32(filter)));

    private static FbTable Activation(byte activation) => new((0, FbScalar.U8(activation)));

    /// <summary>Runs a built model on NHWC inputs and returns its single output in TFLite order.</summary>
    private static float[] Run(TfLiteModelBuilder model, int[] outputShape, params Tensor[] inputs)
    {
        using var session = InferenceSession.Create(TfLiteModelReader.Read(model.Build(), "test.tflite"));
        var feeds = inputs.Select(x => (ReadOnlyMemory<float>)(x.Shape.Length == 4 ? ToNchw(x) : x.Data)).ToArray();
        var output = session.Run(feeds)[0];
        return outputShape.Length == 4 ? FromNchw(output, outputShape) : output;
    }

    private static void AssertClose(Tensor expected, float[] actual)
    {
        Assert.Equal(expected.Data.Length, actual.Length);
        for (int i = 0; i < actual.Length; i++)
            Assert.True(Math.Abs(expected.Data[i] - actual[i]) <= Tolerance * (1 + Math.Abs(expected.Data[i])), $"element {i}: expected {expected.Data[i]}, got {actual[i]}");
    }

    [Theory]
    [InlineData(Same, 2, 1, Relu6)]
    [InlineData(Valid, 1, 2, NoActivation)]
    [InlineData(Same, 1, 1, ReluN1To1)]
    public void Conv2d_with_float16_weights_behind_dequantize_matches_nhwc_reference(byte padding, int stride, int dilation, byte activation)
    {
        var random = new Random(1);
        var x = Tensor.Random(random, 1, 9, 8, 3);
        var w = Tensor.Random(random, 5, 3, 3, 3);
        var bias = Tensor.Random(random, 5).Data;
        // The reference sees the same rounding to float16 as the model.
        var w16 = new Tensor(w.Shape, w.Data.Select(v => (float)(Half)v).ToArray());
        var expected = Conv(x, w16, bias, stride, dilation, padding == Same);
        expected = activation switch
        {
            Relu6 => Map(expected, v => Math.Clamp(v, 0, 6)),
            ReluN1To1 => Map(expected, v => Math.Clamp(v, -1, 1)),
            _ => expected,
        };

        var m = new TfLiteModelBuilder();
        int input = m.Input("x", x.Shape);
        int half = m.Float16Constant("w16", w.Shape, w.Data);
        int weights = m.Tensor("w", w.Shape);
        m.Operator(B.Dequantize, [half], [weights]);
        int b = m.Constant("b", [5], bias);
        int y = m.Tensor("y", expected.Shape);
        m.Operator(B.Conv2D, [input, weights, b], [y], 1, ConvOptions(padding, stride, activation, dilation));
        m.Output(y);

        AssertClose(expected, Run(m, expected.Shape, x));
    }

    [Theory]
    [InlineData(Same, 2, 1)]
    [InlineData(Valid, 1, 2)]
    public void Depthwise_conv2d_matches_nhwc_reference(byte padding, int stride, int multiplier)
    {
        var random = new Random(2);
        var x = Tensor.Random(random, 1, 8, 7, 4);
        var w = Tensor.Random(random, 1, 3, 3, 4 * multiplier);
        var bias = Tensor.Random(random, 4 * multiplier).Data;
        var expected = Map(Conv(x, w, bias, stride, 1, padding == Same, multiplier), v => Math.Max(v, 0));

        var m = new TfLiteModelBuilder();
        int input = m.Input("x", x.Shape);
        int weights = m.Constant("w", w.Shape, w.Data);
        int b = m.Constant("b", [bias.Length], bias);
        int y = m.Tensor("y", expected.Shape);
        m.Operator(B.DepthwiseConv2D, [input, weights, b], [y], 2, DepthwiseOptions(padding, stride, multiplier, Relu));
        m.Output(y);

        AssertClose(expected, Run(m, expected.Shape, x));
    }

    [Theory]
    [InlineData(true, Valid, 2, 2)]
    [InlineData(false, Same, 2, 3)]
    [InlineData(true, Same, 1, 3)]
    public void Pooling_matches_nhwc_reference(bool max, byte padding, int stride, int filter)
    {
        var x = Tensor.Random(new Random(3), 1, 7, 6, 3);
        var expected = Pool(x, filter, stride, padding == Same, max);

        var m = new TfLiteModelBuilder();
        int input = m.Input("x", x.Shape);
        int y = m.Tensor("y", expected.Shape);
        m.Operator(max ? B.MaxPool2D : B.AveragePool2D, [input], [y], 5, PoolOptions(padding, stride, filter));
        m.Output(y);

        AssertClose(expected, Run(m, expected.Shape, x));
    }

    [Theory]
    [InlineData(B.Add, 11)]
    [InlineData(B.Sub, 28)]
    [InlineData(B.Mul, 21)]
    [InlineData(B.Div, 29)]
    public void Binary_ops_with_a_broadcast_channel_constant_and_fused_relu_match_nhwc_reference(int code, int optionsType)
    {
        var random = new Random(4);
        var x = Tensor.Random(random, 1, 3, 4, 5);
        var c = new Tensor([5], Tensor.Random(random, 5).Data.Select(v => v + 2f).ToArray()); // away from zero for Div
        Func<float, float, float> f = code switch
        {
            B.Add => (a, b) => a + b,
            B.Sub => (a, b) => a - b,
            B.Mul => (a, b) => a * b,
            _ => (a, b) => a / b,
        };
        var expected = Map(Binary(x, c, f), v => Math.Max(v, 0));

        var m = new TfLiteModelBuilder();
        int input = m.Input("x", x.Shape);
        int constant = m.Constant("c", c.Shape, c.Data);
        int y = m.Tensor("y", x.Shape);
        m.Operator(code, [input, constant], [y], optionsType, Activation(Relu));
        m.Output(y);

        AssertClose(expected, Run(m, expected.Shape, x));
    }

    [Fact]
    public void Add_of_two_activations_and_prelu_with_per_channel_alpha_match_nhwc_reference()
    {
        var random = new Random(5);
        var x1 = Tensor.Random(random, 1, 4, 3, 6);
        var x2 = Tensor.Random(random, 1, 4, 3, 6);
        var alpha = Tensor.Random(random, 1, 1, 6);
        var sum = Binary(x1, x2, (a, b) => a + b);
        var expected = Binary(sum, alpha, (v, s) => v >= 0 ? v : v * s);

        var m = new TfLiteModelBuilder();
        int a = m.Input("a", x1.Shape);
        int b = m.Input("b", x2.Shape);
        int s = m.Tensor("sum", sum.Shape);
        m.Operator(B.Add, [a, b], [s], 11, Activation(NoActivation));
        int al = m.Constant("alpha", alpha.Shape, alpha.Data);
        int y = m.Tensor("y", sum.Shape);
        m.Operator(B.PRelu, [s, al], [y]);
        m.Output(y);

        AssertClose(expected, Run(m, expected.Shape, x1, x2));
    }

    [Theory]
    [InlineData(B.Relu)]
    [InlineData(B.Relu6)]
    [InlineData(B.Logistic)]
    [InlineData(B.Tanh)]
    public void Unary_ops_match_their_definition(int code)
    {
        var x = Map(Tensor.Random(new Random(6), 1, 2, 3, 4), v => v * 8);
        Func<float, float> f = code switch
        {
            B.Relu => v => Math.Max(v, 0),
            B.Relu6 => v => Math.Clamp(v, 0, 6),
            B.Logistic => v => 1 / (1 + MathF.Exp(-v)),
            _ => MathF.Tanh,
        };
        var m = new TfLiteModelBuilder();
        int input = m.Input("x", x.Shape);
        int y = m.Tensor("y", x.Shape);
        m.Operator(code, [input], [y]);
        m.Output(y);

        AssertClose(Map(x, f), Run(m, x.Shape, x));
    }

    [Fact]
    public void Pad_of_channels_and_space_matches_nhwc_reference()
    {
        var x = Tensor.Random(new Random(7), 1, 3, 4, 2);
        var paddings = new[,] { { 0, 0 }, { 1, 2 }, { 0, 1 }, { 0, 3 } };
        var expected = Pad(x, paddings);

        var m = new TfLiteModelBuilder();
        int input = m.Input("x", x.Shape);
        int p = m.Int32Constant("paddings", [4, 2], [0, 0, 1, 2, 0, 1, 0, 3]);
        int y = m.Tensor("y", expected.Shape);
        m.Operator(B.Pad, [input, p], [y], 22, new FbTable());
        m.Output(y);

        AssertClose(expected, Run(m, expected.Shape, x));
    }

    [Fact]
    public void Reshape_to_rows_keeps_tflite_element_order()
    {
        // BlazeFace's head: [1, 4, 4, 6] -> [1, 48, 2] reads the values in NHWC order.
        var x = Tensor.Random(new Random(8), 1, 4, 4, 6);
        var m = new TfLiteModelBuilder();
        int input = m.Input("x", x.Shape);
        int y = m.Tensor("y", [1, 48, 2]);
        m.Operator(B.Reshape, [input], [y], 17, new FbTable((0, new FbInts(1, -1, 2))));
        m.Output(y);

        AssertClose(new Tensor([1, 48, 2], x.Data), Run(m, [1, 48, 2], x));
    }

    [Fact]
    public void Reshape_from_rows_to_an_image_and_concat_on_rank_3()
    {
        var random = new Random(9);
        var a = Tensor.Random(random, 1, 6, 4);
        var b = Tensor.Random(random, 1, 2, 4);
        var joined = Concat(1, a, b);
        var m = new TfLiteModelBuilder();
        int ia = m.Input("a", a.Shape);
        int ib = m.Input("b", b.Shape);
        int c = m.Tensor("c", joined.Shape);
        m.Operator(B.Concatenation, [ia, ib], [c], 10, new FbTable((0, FbScalar.I32(1))));
        int y = m.Tensor("y", [1, 2, 4, 4]);
        m.Operator(B.Reshape, [c], [y], 17, new FbTable());
        m.Output(y);

        AssertClose(new Tensor([1, 2, 4, 4], joined.Data), Run(m, [1, 2, 4, 4], a, b));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(2)]
    public void Concatenation_on_rank_4_remaps_the_axis(int axis)
    {
        var random = new Random(10);
        int a4 = axis < 0 ? 3 : axis;
        int[] Shape(int extent) => Enumerable.Range(0, 4).Select(d => d == a4 ? extent : new[] { 1, 3, 4, 2 }[d]).ToArray();
        var a = Tensor.Random(random, Shape(2));
        var b = Tensor.Random(random, Shape(3));
        var expected = Concat(a4, a, b);

        var m = new TfLiteModelBuilder();
        int ia = m.Input("a", a.Shape);
        int ib = m.Input("b", b.Shape);
        int y = m.Tensor("y", expected.Shape);
        m.Operator(B.Concatenation, [ia, ib], [y], 10, new FbTable((0, FbScalar.I32(axis)), (1, FbScalar.U8(Relu))));
        m.Output(y);

        AssertClose(Map(expected, v => Math.Max(v, 0)), Run(m, expected.Shape, a, b));
    }

    private static FbTable StridedSliceOptions(int beginMask, int endMask, int shrinkMask) =>
        new((0, FbScalar.I32(beginMask)), (1, FbScalar.I32(endMask)), (4, FbScalar.I32(shrinkMask)));

    public static TheoryData<int[], int[], int[], int[], int, int, int> StridedSlices => new()
    {
        // shape, begin, end, strides, begin_mask, end_mask, shrink_axis_mask (bit i = TFLite axis i)
        { [1, 5, 6, 4], [0, 1, -5, 1], [1, -1, 6, 4], [1, 1, 2, 2], 0, 0, 0 },            // negative indices, stride 2
        { [1, 5, 6, 4], [0, 3, -2, 2], [1, 3, 2, 0], [1, 1, 1, 1], 0b0010, 0b1100, 0 },     // masks override the indices
        { [1, 5, 6, 4], [0, -1, 4, 0], [1, 0, -7, 0], [1, -1, -2, -1], 0b1000, 0b1010, 0 }, // negative strides, reversal
        { [1, 5, 6, 4], [0, 2, 1, 0], [1, 3, 6, 3], [1, 1, 2, 1], 0, 0, 0b0010 },           // shrink H: [1, 3, 3], needs NHWC order
        { [1, 5, 6, 4], [0, 0, 0, -1], [1, 5, 6, 0], [1, 2, 1, 1], 0, 0, 0b1001 },          // shrink N and the last channel
        { [5, 7], [-4, 1], [0, -1], [2, 3], 0, 0b01, 0 },                                   // 2-D
        { [5, 7], [-2, 6], [0, 0], [1, -2], 0, 0b10, 0b01 },                                // 2-D, shrink a row, reverse
    };

    [Theory]
    [MemberData(nameof(StridedSlices))]
    public void Strided_slice_matches_nhwc_reference(int[] shape, int[] begin, int[] end, int[] strides, int beginMask, int endMask, int shrinkMask)
    {
        var x = Tensor.Random(new Random(12), shape);
        var expected = StridedSlice(x, begin, end, strides, beginMask, endMask, shrinkMask);
        Assert.NotEmpty(expected.Data);

        var m = new TfLiteModelBuilder();
        int input = m.Input("x", x.Shape);
        int b = m.Int32Constant("begin", [begin.Length], begin);
        int e = m.Int32Constant("end", [end.Length], end);
        int s = m.Int32Constant("strides", [strides.Length], strides);
        int y = m.Tensor("y", expected.Shape);
        m.Operator(B.StridedSlice, [input, b, e, s], [y], 32, StridedSliceOptions(beginMask, endMask, shrinkMask));
        m.Output(y);

        AssertClose(expected, Run(m, expected.Shape, x));
    }

    [Fact]
    public void An_opcode_written_only_in_the_deprecated_field_is_read()
    {
        var x = Tensor.Random(new Random(11), 1, 2, 2, 3);
        var m = new TfLiteModelBuilder();
        int input = m.Input("x", x.Shape);
        int y = m.Tensor("y", x.Shape);
        m.Operator(B.Relu, [input], [y]);
        m.Output(y);
        var graph = TfLiteModelReader.Read(m.Build(code => code, withBuiltinCode: false), "old.tflite");
        Assert.Equal("Relu", Assert.Single(graph.Nodes).OpType);
    }
}
