using FaceAlign3D.Training.Networks;
using FaceAlign3D.Training.Networks.Weights;
using FaceAlign3D.Training.Runtime;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace FaceAlign3D.Training.Tests.Networks;

public class MobileNetV1ParityTests
{
    readonly ITestOutputHelper _output;

    public MobileNetV1ParityTests(ITestOutputHelper output)
    {
        _output = output;
        TorchRuntime.EnsureLoaded();
    }

    public static TheoryData<string> Cases => new(Mb05Reference.Cases);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Safetensors_weights_reproduce_the_reference_outputs(string name)
    {
        using var network = SafetensorsWeights.LoadMobileNetV1(Mb05Reference.Safetensors, new RegressorHeads(Landmarks: true));
        double difference = MaxDifference(network, name);
        _output.WriteLine($"safetensors {name}: max |diff| {difference:E2}");
        Assert.True(difference <= 1e-4);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Onnx_weights_reproduce_the_reference_outputs(string name)
    {
        using var network = OnnxWeights.LoadMobileNetV1(Mb05Reference.Onnx, new RegressorHeads());
        double difference = MaxDifference(network, name);
        _output.WriteLine($"onnx {name}: max |diff| {difference:E2}");
        Assert.True(difference <= 1e-4);
    }

    [Fact]
    public void Safetensors_file_gives_width_half_with_its_landmark_head()
    {
        using var network = SafetensorsWeights.LoadMobileNetV1(Mb05Reference.Safetensors, new RegressorHeads(Landmarks: true, Uncertainty: true));
        network.eval();
        using var scope = NewDisposeScope();
        var output = network.call(zeros(2, 3, 120, 120));
        Assert.Equal(0.5, network.Width);
        Assert.Equal(new long[] { 2, 62 }, output.Params.shape);
        Assert.Equal(new long[] { 2, 136 }, output.Landmarks!.shape);
        Assert.Equal(new long[] { 2, 68 }, output.LogSigma!.shape);
    }

    [Fact]
    public void Width_one_builds_a_1024_feature_network()
    {
        using var network = new MobileNetV1(1.0, new RegressorHeads());
        Assert.Equal(new long[] { 62, 1024 }, network.state_dict()["fc.weight"].shape);
        Assert.Equal(new long[] { 32, 3, 3, 3 }, network.state_dict()["conv1.weight"].shape);
    }

    internal static double MaxDifference(RegressorNetwork network, string name)
    {
        network.eval();
        var input = Mb05Reference.Input(name);
        var expected = Mb05Reference.Output(name).Data;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var actual = network.call(tensor(input.Data).view(input.Shape.Select(d => (long)d).ToArray())).Params.data<float>().ToArray();
        return expected.Zip(actual, (e, a) => Math.Abs(e - (double)a)).Max();
    }
}
