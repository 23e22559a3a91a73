using static TorchSharp.torch;

namespace FaceAlign3D.Training.Losses;

/// <summary>
/// Adaptive Wing loss (Wang et al. 2019, used by ParFace for its heatmaps): per element with target h and
/// error d = |h - prediction|, omega ln(1 + (d/eps)^(alpha - h)) below theta and A d - C above, A and C making
/// the two pieces meet smoothly at theta. Mean over elements.
/// </summary>
public sealed record AdaptiveWingLoss(double Omega = 14, double Theta = 0.5, double Epsilon = 1, double Alpha = 2.1)
{
    public Tensor Forward(Tensor prediction, Tensor target)
    {
        using var scope = NewDisposeScope();
        return Elementwise(prediction, target).mean().MoveToOuterDisposeScope();
    }

    /// <summary>The loss of each element, not reduced.</summary>
    public Tensor Elementwise(Tensor prediction, Tensor target)
    {
        using var scope = NewDisposeScope();
        var d = (target - prediction).abs();
        var power = Alpha - target;
        var ratio = full_like(power, Theta / Epsilon);
        var thetaPower = pow(ratio, power);
        var a = Omega / (1 + thetaPower) * power * pow(ratio, power - 1) / Epsilon;
        var c = Theta * a - Omega * log(1 + thetaPower);
        var small = Omega * log(1 + pow(d / Epsilon, power));
        var large = a * d - c;
        return where(d < Theta, small, large).MoveToOuterDisposeScope();
    }
}
