using FaceAlign3D.Neural;
using FaceAlign3D.Neural.Formats.Onnx;
using FaceAlign3D.Neural.Graph;
using FaceAlign3D.Training.Export;
using FaceAlign3D.Training.Networks;
using FaceAlign3D.Training.Networks.Weights;
using FaceAlign3D.Training.Runtime;
using FaceAlign3D.Training.Tests.Networks;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace FaceAlign3D.Training.Tests.Export;

public class RegressorOnnxWriterTests
{
    readonly ITestOutputHelper _output;

    public RegressorOnnxWriterTests(ITestOutputHelper output)
    {
        _output = output;
        TorchRuntime.EnsureLoaded();
    }

    [Fact]
    public void Export_of_the_safetensors_weights_has_the_reference_graph_and_its_folded_weights()
    {
        using var network = SafetensorsWeights.LoadMobileNetV1(Mb05Reference.Safetensors, new RegressorHeads(Landmarks: true));
        network.eval();
        var exported = OnnxModelReader.Read(RegressorOnnxWriter.Serialize(network.FoldedLayers()), "export");
        var reference = OnnxModelReader.Read(Mb05Reference.Onnx);

        Assert.Equal(reference.OpsetVersion, exported.OpsetVersion);
        Assert.Equal(Describe(reference.Inputs), Describe(exported.Inputs));
        Assert.Equal(Describe(reference.Outputs), Describe(exported.Outputs));
        Assert.Equal(reference.Nodes.Select(n => n.Name + ":" + n.OpType), exported.Nodes.Select(n => n.Name + ":" + n.OpType));
        for (int i = 0; i < reference.Nodes.Count; i++)
        {
            var (expected, actual) = (reference.Nodes[i], exported.Nodes[i]);
            Assert.Equal(Attributes(expected), Attributes(actual));
            Assert.Equal(expected.Inputs.Length, actual.Inputs.Length);
            for (int k = 0; k < expected.Inputs.Length; k++)
            {
                if (!reference.Constants.TryGetValue(expected.Inputs[k], out var want)) continue;
                var got = exported.Constants[actual.Inputs[k]];
                Assert.Equal(want.Shape, got.Shape);
                Assert.True(MaxDifference(want.AsFloats(), got.AsFloats()) < 1e-4, $"{expected.Label} input {k}");
            }
        }
    }

    [Fact]
    public void After_one_training_step_our_engine_and_onnx_runtime_agree_with_torchsharp()
    {
        manual_seed(11);
        using var network = SafetensorsWeights.LoadMobileNetV1(Mb05Reference.Safetensors, new RegressorHeads());
        var inputs = Mb05Reference.Cases.Select(c => Mb05Reference.Input(c).Data).ToArray();
        using (var scope = NewDisposeScope())
        {
            network.train();
            var optimizer = optim.SGD(network.parameters(), 0.05, momentum: 0.9);
            var batch = cat(inputs.Select(d => tensor(d).view(1, 3, 120, 120)).ToArray());
            var loss = (network.call(batch).Params - randn(inputs.Length, 62)).square().mean();
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
        network.eval();
        string path = Path.Combine(Path.GetTempPath(), $"facealign3d-export-{Environment.ProcessId}.onnx");
        RegressorOnnxWriter.Write(network.FoldedLayers(), path);
        try
        {
            using var engine = FaceAlign3D.Neural.InferenceSession.Load(path);
            using var runtime = new Microsoft.ML.OnnxRuntime.InferenceSession(path);
            foreach (var input in inputs)
            {
                float[] torchOutput;
                using (no_grad())
                using (var x = tensor(input).view(1, 3, 120, 120))
                using (var y = network.call(x).Params)
                    torchOutput = y.data<float>().ToArray();
                var ours = engine.Run(input.AsMemory())[0];
                var ortInput = NamedOnnxValue.CreateFromTensor(RegressorOnnxWriter.InputName, new DenseTensor<float>(input, [1, 3, 120, 120]));
                using var results = runtime.Run([ortInput]);
                var theirs = results.First().AsTensor<float>().ToArray();
                _output.WriteLine($"max |torchsharp - engine| {MaxDifference(torchOutput, ours):E2}, max |torchsharp - onnxruntime| {MaxDifference(torchOutput, theirs):E2}");
                Assert.True(MaxDifference(torchOutput, ours) <= 1e-4, $"engine {MaxDifference(torchOutput, ours)}");
                Assert.True(MaxDifference(torchOutput, theirs) <= 1e-4, $"onnxruntime {MaxDifference(torchOutput, theirs)}");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_sigma_head_exports_as_a_second_output_that_our_engine_runs_and_training_reads_back()
    {
        manual_seed(5);
        using var network = SafetensorsWeights.LoadMobileNetV1(Mb05Reference.Safetensors, new RegressorHeads(Uncertainty: true));
        network.eval();
        string path = Path.Combine(Path.GetTempPath(), $"facealign3d-export-sigma-{Environment.ProcessId}.onnx");
        RegressorOnnxWriter.Write(network.FoldedLayers(), path);
        try
        {
            var graph = OnnxModelReader.Read(path);
            Assert.Equal(new[] { RegressorOnnxWriter.OutputName, RegressorOnnxWriter.SigmaOutputName }, graph.Outputs.Select(o => o.Name).ToArray());
            using var engine = FaceAlign3D.Neural.InferenceSession.Load(path);
            using var reloaded = OnnxWeights.LoadMobileNetV1(path, new RegressorHeads(Uncertainty: true));
            reloaded.eval();
            foreach (var input in Mb05Reference.Cases.Select(c => Mb05Reference.Input(c).Data))
            {
                using var _ = no_grad();
                using var x = tensor(input).view(1, 3, 120, 120);
                var torchOutput = network.call(x);
                var outputs = engine.Run(input.AsMemory());
                Assert.Equal(2, outputs.Length);
                double parameters = MaxDifference(torchOutput.Params.data<float>().ToArray(), outputs[0]);
                double sigmas = MaxDifference(torchOutput.LogSigma!.data<float>().ToArray(), outputs[1]);
                double readBack = MaxDifference(torchOutput.LogSigma!.data<float>().ToArray(), reloaded.call(x).LogSigma!.data<float>().ToArray());
                _output.WriteLine($"max |torchsharp - engine|: parameters {parameters:E2}, log sigmas {sigmas:E2}; read back {readBack:E2}");
                Assert.True(parameters <= 1e-4 && sigmas <= 1e-4 && readBack <= 1e-4, $"{parameters} {sigmas} {readBack}");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    static string Describe(IEnumerable<ValueInfo> values) => string.Join(";", values.Select(v => v.ToString()));

    static string Attributes(GraphNode node) => string.Join(";", node.Attributes.Names.Order().Select(a =>
        a + "=" + (node.Attributes.GetInts(a) is { Length: > 0 } ints ? string.Join(",", ints) : $"{node.Attributes.GetInt(a, 0)}/{node.Attributes.GetFloat(a, 0)}")));

    static double MaxDifference(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();
}
