using System.Diagnostics;
using B = FaceAlign3D.Neural.Formats.TfLite.TfLiteBuiltins;
using FaceAlign3D.Formats;
using FaceAlign3D.Neural.Formats.TfLite;
using FaceAlign3D.Neural;

namespace FaceAlign3D.Tests.Neural.TfLite;

/// <summary>Corrupt, truncated and unsupported TFLite files fail with a ModelFormatException that says what and where.</summary>
public class TfLiteReaderErrorTests
{
    private static TfLiteModelBuilder ReluModel(int code = B.Relu)
    {
        var m = new TfLiteModelBuilder();
        int x = m.Input("x", 1, 2, 2, 3);
        int y = m.Tensor("relu_out", [1, 2, 2, 3]);
        m.Operator(code, [x], [y]);
        m.Output(y);
        return m;
    }

    private static ModelFormatException ReadFails(byte[] bytes) =>
        Assert.Throws<ModelFormatException>(() => TfLiteModelReader.Read(bytes, "bad.tflite"));

    [Fact]
    public void Unsupported_builtin_operator_is_named_with_its_output_tensor()
    {
        var e = ReadFails(ReluModel(B.Mean).Build());
        Assert.Contains("MEAN", e.Message);
        Assert.Contains("relu_out", e.Message);
        Assert.Equal("bad.tflite", e.FileName);
    }

    [Fact]
    public void Operator_codes_above_127_come_from_builtin_code_not_the_saturated_byte()
    {
        var e = ReadFails(ReluModel(150).Build());
        Assert.Contains("builtin operator 150", e.Message);
    }

    [Fact]
    public void Options_of_another_operator_are_rejected()
    {
        var m = new TfLiteModelBuilder();
        int x = m.Input("x", 1, 4, 4, 3);
        int y = m.Tensor("pooled", [1, 2, 2, 3]);
        m.Operator(B.MaxPool2D, [x], [y], 1, new FbTable((0, FbScalar.U8(1)))); // Conv2DOptions on a pool
        m.Output(y);
        var e = ReadFails(m.Build());
        Assert.Contains("MAX_POOL_2D", e.Message);
        Assert.Contains("union type 1", e.Message);
    }

    [Fact]
    public void Custom_operator_is_named()
    {
        var bytes = ReluModel(B.Custom).Build();
        var e = ReadFails(bytes);
        Assert.Contains("CUSTOM", e.Message);
    }

    [Fact]
    public void Wrong_identifier_and_too_short_files_are_rejected()
    {
        var bytes = ReluModel().Build();
        bytes[4] = (byte)'X';
        Assert.Contains("TFL3", ReadFails(bytes).Message);
        Assert.Contains("too short", ReadFails([1, 2, 3]).Message);
    }

    [Fact]
    public void Every_truncation_of_a_valid_model_fails_cleanly()
    {
        var bytes = ReluModel().Build();
        for (int length = 0; length < bytes.Length - 1; length++)
        {
            // Trailing alignment padding may be cut without harm; anything else must be reported.
            try { TfLiteModelReader.Read(bytes[..length], "cut.tflite"); }
            catch (ModelFormatException) { }
        }
        var e = ReadFails(bytes[..(bytes.Length / 2)]);
        Assert.Contains("outside", e.Message);
    }

    [Fact]
    public void Root_offset_out_of_range_is_reported()
    {
        var bytes = ReluModel().Build();
        BitConverter.GetBytes(int.MaxValue).CopyTo(bytes, 0);
        Assert.Contains("outside the", ReadFails(bytes).Message);
    }

    [Fact]
    public void Tensor_index_out_of_range_is_reported()
    {
        var m = new TfLiteModelBuilder();
        int x = m.Input("x", 1, 2, 2, 3);
        int y = m.Tensor("y", [1, 2, 2, 3]);
        m.Operator(B.Relu, [x + 7], [y]);
        m.Output(y);
        Assert.Contains("tensor index 7", ReadFails(m.Build()).Message);
    }

    [Fact]
    public void Constant_whose_buffer_does_not_match_its_shape_is_named()
    {
        var m = new TfLiteModelBuilder();
        int x = m.Input("x", 1, 2, 2, 3);
        int c = m.Constant("short_constant", [3], [1f, 2f]);
        int y = m.Tensor("y", [1, 2, 2, 3]);
        m.Operator(B.Add, [x, c], [y], 11, new FbTable());
        m.Output(y);
        var e = ReadFails(m.Build());
        Assert.Contains("short_constant", e.Message);
        Assert.Contains("8-byte buffer", e.Message);
    }

    [Fact]
    public void Ranks_and_names_beyond_the_limits_are_refused()
    {
        var m = new TfLiteModelBuilder();
        int x = m.Input("x", 1, 1, 1, 1, 1, 1, 1, 1, 2);
        m.Output(x);
        Assert.Contains("rank is above 8", ReadFails(m.Build()).Message);
        m = new TfLiteModelBuilder();
        m.Output(m.Input(new string('n', 5000), 1, 2));
        Assert.Contains("longer than 4096 bytes", ReadFails(m.Build()).Message);
    }

    [Fact]
    public void A_buffer_shared_by_many_constants_cannot_amplify_the_decoded_size()
    {
        // 20 constants of 80 000 floats on one 320 kB buffer would decode to 1.6 M floats from a 0.3 MB file.
        var m = new TfLiteModelBuilder();
        int x = m.Input("x", 1, 80000);
        int first = m.Constant("c0", [1, 80000], new float[80000]);
        int value = x;
        for (int i = 0; i < 20; i++)
        {
            int c = i == 0 ? first : m.TensorOnBufferOf(first, $"c{i}");
            int y = m.Tensor($"y{i}", [1, 80000]);
            m.Operator(B.Add, [value, c], [y], 11, new FbTable());
            value = y;
        }
        m.Output(value);
        Assert.Contains("decode to more elements", ReadFails(m.Build()).Message);
    }

    [Fact]
    public void Quantized_constants_are_refused_by_name()
    {
        var m = new TfLiteModelBuilder();
        int x = m.Input("x", 1, 2, 2, 3);
        int c = m.Tensor("int8_weights", [3], TfLiteTensorType.Int8, [1, 2, 3]);
        int y = m.Tensor("y", [1, 2, 2, 3]);
        m.Operator(B.Mul, [x, c], [y], 21, new FbTable());
        m.Output(y);
        var e = ReadFails(m.Build());
        Assert.Contains("int8_weights", e.Message);
        Assert.Contains("Int8", e.Message);
    }

    /// <summary>A STRIDED_SLICE of a [1, 4, 4, 3] input to [1, 2, 4, 3]; <paramref name="constantBegin"/> false leaves begin without data.</summary>
    private static TfLiteModelBuilder StridedSliceModel(FbTable options, bool constantBegin = true)
    {
        var m = new TfLiteModelBuilder();
        int x = m.Input("x", 1, 4, 4, 3);
        int b = constantBegin ? m.Int32Constant("begin", [4], [0, 0, 0, 0]) : m.Tensor("runtime_begin", [4], TfLiteTensorType.Int32);
        int e = m.Int32Constant("end", [4], [1, 2, 4, 3]);
        int s = m.Int32Constant("strides", [4], [1, 1, 1, 1]);
        int y = m.Tensor("sliced", [1, 2, 4, 3]);
        m.Operator(B.StridedSlice, [x, b, e, s], [y], 32, options);
        m.Output(y);
        return m;
    }

    [Fact]
    public void Strided_slice_model_used_below_reads()
    {
        var graph = TfLiteModelReader.Read(StridedSliceModel(new FbTable()).Build(), "slice.tflite");
        Assert.Equal("Slice", Assert.Single(graph.Nodes).OpType);
    }

    [Theory]
    [InlineData(2, "ellipsis_mask 1")]
    [InlineData(3, "new_axis_mask 1")]
    public void Strided_slice_ellipsis_and_new_axis_masks_are_refused(int field, string reason)
    {
        var e = ReadFails(StridedSliceModel(new FbTable((field, FbScalar.I32(1)))).Build());
        Assert.Contains("STRIDED_SLICE", e.Message);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Strided_slice_with_runtime_begin_is_refused()
    {
        var e = ReadFails(StridedSliceModel(new FbTable(), constantBegin: false).Build());
        Assert.Contains("STRIDED_SLICE", e.Message);
        Assert.Contains("begin 'runtime_begin' must be a constant", e.Message);
    }

    [Fact]
    public void Strided_slice_with_offset_is_refused()
    {
        var e = ReadFails(StridedSliceModel(new FbTable((5, FbScalar.U8(1)))).Build());
        Assert.Contains("STRIDED_SLICE", e.Message);
        Assert.Contains("offset", e.Message);
    }

    [Fact]
    public void Strided_slice_whose_declared_output_shape_disagrees_is_refused()
    {
        // Shrinking H makes the slice [1, 4, 3], not the declared [1, 2, 4, 3].
        var e = ReadFails(StridedSliceModel(new FbTable((4, FbScalar.I32(0b0010)))).Build());
        Assert.Contains("STRIDED_SLICE", e.Message);
        Assert.Contains("differs from the slice's [1,4,3]", e.Message);
    }

    /// <summary>
    /// Seeded mutations of MediaPipe's face detector (byte flips, overwritten 32-bit words, truncations) either
    /// read or fail with ModelFormatException; no other exception, hang or runaway allocation. Bounded
    /// by a count and a wall-clock budget.
    /// </summary>
    [Fact]
    [Trait(TestNeeds.Trait, TestNeeds.Shared)]
    public void Fuzzed_face_detector_files_fail_only_with_model_format_exceptions()
    {
        var original = File.ReadAllBytes(MediaPipeModelFiles.PathOf(MediaPipeModelFiles.FaceDetection));
        var random = new Random(20261121);
        var clock = Stopwatch.StartNew();
        int rejected = 0, iterations = 0;
        for (; iterations < 400 && clock.Elapsed < TimeSpan.FromSeconds(3); iterations++)
        {
            var bytes = Mutate(original, random);
            try
            {
                var graph = TfLiteModelReader.Read(bytes, "fuzz.tflite");
                Assert.NotEmpty(graph.Nodes);
            }
            catch (ModelFormatException e)
            {
                Assert.Equal("fuzz.tflite", e.FileName);
                rejected++;
            }
        }
        Assert.True(rejected > 0, $"none of {iterations} mutations was rejected");
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(3))
        {
            case 0:
                for (int i = random.Next(1, 8); i > 0; i--)
                    bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
                break;
            case 1:
                // Structural words live in the first part of the file; weights follow.
                int at = random.Next(Math.Min(bytes.Length, 20000) - 4);
                BitConverter.GetBytes(random.Next(3) switch { 0 => random.Next(), 1 => -random.Next(1, 1000), _ => random.Next(0, 64) }).CopyTo(bytes, at);
                break;
            default:
                return bytes[..random.Next(bytes.Length)];
        }
        return bytes;
    }
}
