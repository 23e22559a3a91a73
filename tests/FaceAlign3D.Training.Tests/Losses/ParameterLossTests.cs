using FaceAlign3D.Training.Losses;
using FaceAlign3D.Training.Runtime;
using static TorchSharp.torch;

namespace FaceAlign3D.Training.Tests.Losses;

public class ParameterLossTests
{
    public ParameterLossTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Fwpdc_weights_pose_by_shape_rows_and_alpha_by_scale_and_basis_norm()
    {
        // |S rows| = (3, 4, 0), translation sqrt(1); weights 0.5*3, 2*1, f=1 * 1 * |A(:,0)|=1; max 2.
        using var bases = OnePointBases.Create();
        double expected = (Math.Pow(0.75 * 0.5, 2) + Math.Pow(1.0 * 2, 2) + Math.Pow(0.5 * 1, 2)) / 62;
        Assert.Equal(expected, new FwpdcLoss(bases).Forward(OnePointBases.Perturbed(), OnePointBases.Truth()).item<double>(), 12);
    }

    [Fact]
    public void Wpdc_uses_3ddfa_constant_scale_epsilon_and_drops_z_translation()
    {
        using var bases = OnePointBases.Create();
        const double eps = 1e-6;
        double max = 2 + eps;
        double expected = ((1.5 + eps) / max * 0.25 + 1.0 * 4 + (WpdcLoss.ShapeScale + eps) / max * 1) / 62;
        Assert.Equal(expected, new WpdcLoss(bases).Forward(OnePointBases.Perturbed(), OnePointBases.Truth()).item<double>(), 12);
    }

    [Fact]
    public void Vdc_is_the_mean_squared_vertex_offset()
    {
        // Prediction: S = (4, 4, 0), x = 1.5 * 4 + 2 = 8 against 3; y and z agree. Mean over 3 coordinates.
        using var bases = OnePointBases.Create();
        Assert.Equal(25.0 / 3, new VdcLoss(bases).Forward(OnePointBases.Perturbed(), OnePointBases.Truth()).item<double>(), 12);
    }

    [Fact]
    public void Vanilla_joint_mixes_fwpdc_with_vdc_rescaled_to_its_size()
    {
        using var bases = OnePointBases.Create();
        var joint = new JointLoss(new FwpdcLoss(bases), new VdcLoss(bases));
        double f = new FwpdcLoss(bases).Forward(OnePointBases.Perturbed(), OnePointBases.Truth()).item<double>();
        // beta f + (1 - beta) (f / v) v = f for any beta.
        Assert.Equal(f, joint.Vanilla(OnePointBases.Perturbed(), OnePointBases.Truth(), 0.3).item<double>(), 12);
    }

    [Fact]
    public void Meta_joint_branch_doubles_the_main_cost_with_a_balanced_landmark_term()
    {
        using var bases = OnePointBases.Create();
        var joint = new JointLoss(new FwpdcLoss(bases), new VdcLoss(bases));
        using var landmarkTerm = tensor(7.0);
        Assert.Equal(2 * 25.0 / 3, joint.Branch(JointBranch.Vdc, OnePointBases.Perturbed(), OnePointBases.Truth(), landmarkTerm).item<double>(), 12);
    }

    [Fact]
    public void Parameter_losses_pass_finite_difference_checks()
    {
        using var bases = new MorphableBases(LossReference.Model, ScalarType.Float64);
        using var target = tensor(LossReference.Target);
        using var input = tensor(LossReference.Input);
        var fwpdc = new FwpdcLoss(bases);
        using var weights = fwpdc.Weights(input, target);
        Assert.True(GradientCheck.RelativeError(x => fwpdc.Forward(x, target), input, x => FwpdcLoss.Weighted(x, target, weights)) < 1e-6);
        var vdc = new VdcLoss(bases);
        var joint = new JointLoss(fwpdc, vdc);
        using var landmarkTerm = tensor(0.01);
        // The balancing ratio is held constant, so the branch differentiates like VDC alone.
        Assert.True(GradientCheck.RelativeError(x => joint.Branch(JointBranch.Vdc, x, target, landmarkTerm), input, x => vdc.Forward(x, target)) < 1e-6);
    }
}
