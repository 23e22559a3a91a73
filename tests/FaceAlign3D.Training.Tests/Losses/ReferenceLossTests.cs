using FaceAlign3D.Training.Losses;
using FaceAlign3D.Training.Runtime;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace FaceAlign3D.Training.Tests.Losses;

public class ReferenceLossTests
{
    readonly ITestOutputHelper _output;

    public ReferenceLossTests(ITestOutputHelper output)
    {
        _output = output;
        TorchRuntime.EnsureLoaded();
    }

    [Fact]
    public void Wpdc_matches_3ddfa_value_and_gradient()
    {
        using var bases = new MorphableBases(LossReference.Model, ScalarType.Float64);
        var loss = new WpdcLoss(bases);
        AssertMatchesReference("wpdc", loss.Forward);
    }

    [Fact]
    public void Vdc_matches_3ddfa_value_and_gradient()
    {
        using var bases = new MorphableBases(LossReference.Model, ScalarType.Float64);
        var loss = new VdcLoss(bases);
        AssertMatchesReference("vdc", loss.Forward);
    }

    [Fact]
    public void Wpdc_gradient_matches_finite_differences_with_its_weights_held()
    {
        using var bases = new MorphableBases(LossReference.Model, ScalarType.Float64);
        using var input = tensor(LossReference.Input);
        using var target = tensor(LossReference.Target);
        using var weights = new WpdcLoss(bases).Weights(input, target);
        Assert.True(GradientCheck.RelativeError(x => new WpdcLoss(bases).Forward(x, target), input, x => WpdcLoss.Weighted(x, target, weights)) < 1e-6);
    }

    [Fact]
    public void Vdc_gradient_matches_finite_differences()
    {
        using var bases = new MorphableBases(LossReference.Model, ScalarType.Float64);
        using var target = tensor(LossReference.Target);
        var loss = new VdcLoss(bases);
        Assert.True(GradientCheck.RelativeError(x => loss.Forward(x, target), tensor(LossReference.Input)) < 1e-6);
    }

    void AssertMatchesReference(string name, Func<Tensor, Tensor, Tensor> loss)
    {
        using var scope = NewDisposeScope();
        var input = tensor(LossReference.Input).requires_grad_(true);
        var value = loss(input, tensor(LossReference.Target));
        value.backward();
        double expected = LossReference.Value(name);
        double valueError = Math.Abs(value.item<double>() - expected) / Math.Abs(expected);
        var reference = tensor(LossReference.Gradient(name));
        double gradientError = (input.grad! - reference).abs().max().item<double>() / reference.abs().max().item<double>();
        _output.WriteLine($"{name}: value {value.item<double>():R} vs {expected:R} (relative {valueError:E2}), gradient max relative {gradientError:E2}");
        Assert.InRange(valueError, 0, 1e-5);
        Assert.InRange(gradientError, 0, 1e-5);
    }
}
