using System.Diagnostics;
using FaceAlign3D.Formats;
using FaceAlign3D.Neural.Formats.Onnx;
using FaceAlign3D.Neural;

namespace FaceAlign3D.Tests.Neural;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class OnnxReaderTests
{
    private static readonly Lazy<byte[]> Mb05 = new(() => File.ReadAllBytes(SharedData.PathOf("models", "tddfa_v2", "mb05_120x120.onnx")));

    [Fact]
    public void Reads_mb05_graph_structure()
    {
        var g = OnnxModelReader.Read(Mb05.Value, "mb05");
        Assert.Equal(13, g.OpsetVersion);
        var input = Assert.Single(g.Inputs);
        Assert.Equal("input", input.Name);
        Assert.Equal([1, 3, 120, 120], input.Shape);
        Assert.Equal([1, 62], Assert.Single(g.Outputs).Shape);
        Assert.Equal(27, g.Nodes.Count(n => n.OpType == "Conv"));
        var fc = g.Constants["fc.weight"];
        Assert.Equal([62, 512], fc.Shape);
        Assert.All(fc.Floats!, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Truncated_model_names_the_failure()
    {
        var bytes = Mb05.Value.AsSpan(0, Mb05.Value.Length / 2).ToArray();
        var e = Assert.Throws<ModelFormatException>(() => OnnxModelReader.Read(bytes, "half.onnx"));
        Assert.Contains("half.onnx", e.Message);
        Assert.Contains("past the end", e.Message);
    }

    [Fact]
    public void Corrupt_length_is_rejected()
    {
        // Field 7 (graph), wire type 2, with a length far beyond the file.
        byte[] bytes = [0x3A, 0xFF, 0xFF, 0xFF, 0x0F, 0x00];
        var e = Assert.Throws<ModelFormatException>(() => OnnxModelReader.Read(bytes, "bad.onnx"));
        Assert.Contains("runs past the end", e.Message);
    }

    [Fact]
    public void Raw_data_length_must_match_dims()
    {
        var model = new OnnxBuilder().Input("x", [1, 2]).Node("Add", ["x", "w"], ["y"]).Output("y")
            .RawInitializer("w", [1, 2], new byte[4]).Build();
        var e = Assert.Throws<ModelFormatException>(() => OnnxModelReader.Read(model, "m.onnx"));
        Assert.Contains("tensor 'w'", e.Message);
        Assert.Contains("4 bytes", e.Message);
    }

    [Fact]
    public void Unknown_operator_is_named()
    {
        var model = new OnnxBuilder().Input("x", [1, 4]).Node("FancyOp", ["x"], ["y"], name: "fancy_1").Output("y").Build();
        var e = Assert.Throws<ModelFormatException>(() => InferenceSession.Load(new MemoryStream(model), "m.onnx"));
        Assert.Contains("FancyOp", e.Message);
        Assert.Contains("fancy_1", e.Message);
    }

    [Fact]
    public void Wrong_input_length_names_the_input()
    {
        using var session = InferenceSession.Load(new MemoryStream(Mb05.Value), "mb05");
        var e = Assert.Throws<ArgumentException>(() => session.Run(new float[100].AsMemory()));
        Assert.Contains("'input'", e.Message);
    }

    [Fact]
    public void Wrong_input_shape_option_names_the_input()
    {
        var e = Assert.Throws<ArgumentException>(() => InferenceSession.Load(new MemoryStream(Mb05.Value), "mb05",
            new SessionOptions { InputShapes = new Dictionary<string, int[]> { ["input"] = [1, 3, 64, 64] } }));
        Assert.Contains("'input'", e.Message);
        Assert.Contains("fixed at 120", e.Message);
    }

    [Fact]
    public void Dynamic_input_without_shape_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => InferenceSession.Load(SharedData.PathOf("models", "tddfa_v2", "faceboxes_prod.onnx")));
        Assert.Contains("dynamic", e.Message);
    }

    [Fact]
    public void Mutated_models_raise_only_model_format_exceptions()
    {
        // Seeded and time-bounded: flip, overwrite or truncate bytes of mb05 and parse; anything but
        // ModelFormatException (or a successful parse) fails the test.
        var random = new Random(20240611);
        var original = Mb05.Value;
        var clock = Stopwatch.StartNew();
        int parsed = 0, rejected = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(3))
        {
            var bytes = (byte[])original.Clone();
            int edits = random.Next(1, 8);
            // Most of the file is weight bytes; aim half the edits at the first 4 KB where the structure is dense.
            for (int i = 0; i < edits; i++)
            {
                int at = random.Next(2) == 0 ? random.Next(Math.Min(4096, bytes.Length)) : random.Next(bytes.Length);
                bytes[at] = random.Next(3) switch { 0 => (byte)(bytes[at] ^ (1 << random.Next(8))), 1 => 0xFF, _ => (byte)random.Next(256) };
            }
            int length = random.Next(4) == 0 ? random.Next(bytes.Length) : bytes.Length;
            try
            {
                OnnxModelReader.Read(bytes.AsSpan(0, length), "fuzz.onnx");
                parsed++;
            }
            catch (ModelFormatException)
            {
                rejected++;
            }
        }
        Assert.True(parsed + rejected > 20, $"only {parsed + rejected} mutations ran");
        Assert.True(rejected > 0, "no mutation was rejected");
    }
}
