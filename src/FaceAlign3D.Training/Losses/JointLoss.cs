using static TorchSharp.torch;

namespace FaceAlign3D.Training.Losses;

/// <summary>
/// 3DDFA_V2's combinations of fWPDC and VDC. The vanilla joint is beta fWPDC + (1 - beta) |fWPDC|/|VDC| VDC;
/// the meta-joint step trains with one of the two (chosen by the trainer's look-ahead on a meta-test batch),
/// each plus |main|/|lrr| times the landmark-regression term (Algorithm 1). Ratios carry no gradient.
/// </summary>
public sealed class JointLoss(FwpdcLoss fwpdc, VdcLoss vdc)
{
    public Tensor Vanilla(Tensor input, Tensor target, double beta)
    {
        using var scope = NewDisposeScope();
        var f = fwpdc.Forward(input, target);
        var v = vdc.Forward(input, target);
        return (beta * f + (1 - beta) * Ratio(f, v) * v).MoveToOuterDisposeScope();
    }

    /// <summary>One branch of the meta-joint step: the chosen cost, balanced against the landmark term when given.</summary>
    public Tensor Branch(JointBranch branch, Tensor input, Tensor target, Tensor? landmarkTerm)
    {
        using var scope = NewDisposeScope();
        var main = branch == JointBranch.Fwpdc ? fwpdc.Forward(input, target) : vdc.Forward(input, target);
        var total = landmarkTerm is null ? main : main + Ratio(main, landmarkTerm) * landmarkTerm;
        return total.MoveToOuterDisposeScope();
    }

    static Tensor Ratio(Tensor numerator, Tensor denominator) => (numerator.detach().abs() / denominator.detach().abs().clamp_min(1e-12));
}

public enum JointBranch { Fwpdc, Vdc }
