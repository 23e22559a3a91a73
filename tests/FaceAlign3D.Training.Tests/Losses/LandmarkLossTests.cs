using FaceAlign3D.Training.Losses;
using FaceAlign3D.Training.Runtime;
using static TorchSharp.torch;

namespace FaceAlign3D.Training.Tests.Losses;

public class LandmarkLossTests
{
    public LandmarkLossTests() => TorchRuntime.EnsureLoaded();

    static Tensor Landmarks(int n, double value) => full(n, 68, 2, value, ScalarType.Float64);

    [Fact]
    public void Landmark_regression_averages_squared_error_over_visible_coordinates()
    {
        var head = full(1, 136, 0.5, ScalarType.Float64);
        var target = Landmarks(1, 60);
        target[0, 0, 0] = 72;   // 0.6 against 0.5
        Assert.Equal(0.01 / 136, LandmarkRegressionLoss.Forward(head, target).item<double>(), 12);
        var visibility = zeros(1, 68, ScalarType.Float64);
        visibility[0, 0] = 1;   // only landmark 0: its x (0.01) and y (0) count
        Assert.Equal(0.01 / 2, LandmarkRegressionLoss.Forward(head, target, visibility).item<double>(), 12);
    }

    [Fact]
    public void Reprojection_compares_crop_pixels_of_visible_points()
    {
        using var bases = OnePointBases.Create();
        var input = OnePointBases.Truth();
        input[0, 3] = 1;   // x = 3 + 1 - 1 = 3, y = 120 - 4 = 116
        var batch = cat([input, input], 0);
        var labels = tensor(new double[] { 3, 110, 50, 50 }).view(2, 1, 2);
        var visibility = tensor(new double[] { 1, 0 }).view(2, 1);
        Assert.Equal(36.0 / (120 * 120), new ReprojectionLoss(bases).Forward(batch, labels, visibility).item<double>(), 12);
    }

    [Fact]
    public void Reprojection_distances_count_a_point_as_its_distance_or_adaptive_wing_of_x_and_y()
    {
        using var bases = OnePointBases.Create();
        var input = OnePointBases.Truth();
        input[0, 3] = 1;   // the point at (3, 116)
        var batch = cat([input, input], 0);
        var labels = tensor(new double[] { 3, 110, 50, 50 }).view(2, 1, 2);
        var visibility = tensor(new double[] { 1, 0 }).view(2, 1);
        Assert.Equal(6.0 / 120, new ReprojectionLoss(bases, distance: PointDistance.Euclidean).Forward(batch, labels, visibility).item<double>(), 6);
        double a = 14 / (1 + Math.Pow(0.5, 2.1)) * 2.1 * Math.Pow(0.5, 1.1);
        double c = 0.5 * a - 14 * Math.Log(1 + Math.Pow(0.5, 2.1));
        Assert.Equal(a * 6 - c, new ReprojectionLoss(bases, distance: PointDistance.AdaptiveWing).Forward(batch, labels, visibility).item<double>(), 9);
    }

    [Fact]
    public void Teacher_landmarks_compare_posed_3d_points_and_leave_the_teacher_constant()
    {
        using var bases = OnePointBases.Create();
        var teacher = OnePointBases.Truth().requires_grad_(true);   // point (3, 4, 0)
        var student = OnePointBases.Perturbed().requires_grad_(true);   // (1.5 x 4 + 2, 4, 0)
        var loss = new TeacherLandmarkLoss(bases).Forward(student, teacher);
        Assert.Equal(25.0 / (120 * 120), loss.item<double>(), 12);
        Assert.Equal(5.0 / 120, new TeacherLandmarkLoss(bases, PointDistance.Euclidean).Forward(student, teacher).item<double>(), 6);
        loss.backward();
        Assert.NotNull(student.grad);
        Assert.Null(teacher.grad);
    }

    [Fact]
    public void Adaptive_wing_follows_its_two_pieces_and_meets_at_theta()
    {
        var loss = new AdaptiveWingLoss();
        var zero = zeros(1, ScalarType.Float64);
        Assert.Equal(14 * Math.Log(1 + Math.Pow(0.25, 2.1)), loss.Forward(tensor(new[] { 0.25 }), zero).item<double>(), 12);
        double a = 14 / (1 + Math.Pow(0.5, 2.1)) * 2.1 * Math.Pow(0.5, 1.1);
        double c = 0.5 * a - 14 * Math.Log(1 + Math.Pow(0.5, 2.1));
        Assert.Equal(a * 1 - c, loss.Forward(tensor(new[] { 1.0 }), zero).item<double>(), 12);
        double below = loss.Forward(tensor(new[] { 0.5 - 1e-9 }), zero).item<double>();
        double above = loss.Forward(tensor(new[] { 0.5 + 1e-9 }), zero).item<double>();
        Assert.Equal(below, above, 6);
        Assert.Equal(0, loss.Forward(tensor(new[] { 0.3, 1.0 }), tensor(new[] { 0.3, 1.0 })).item<double>(), 12);
    }

    [Fact]
    public void Gaussian_nll_trades_log_sigma_against_scaled_error()
    {
        var predicted = tensor(new double[] { 12, 0 }).view(1, 1, 2);
        var target = zeros(1, 1, 2, ScalarType.Float64);
        Assert.Equal(0.01 / 2, GaussianNllLoss.Forward(predicted, target, zeros(1, 1, ScalarType.Float64)).item<double>(), 12);
        var logSigma = full(1, 1, Math.Log(2), ScalarType.Float64);
        Assert.Equal(2 * Math.Log(2) + 0.01 / 8, GaussianNllLoss.Forward(predicted, target, logSigma).item<double>(), 12);
    }

    [Fact]
    public void Temporal_term_measures_motion_not_explained_by_the_given_map()
    {
        var frames = zeros(2, 68, 2, ScalarType.Float64);
        frames[1, .., 0] = 12;   // every point moves 12 px right
        Assert.Equal(0.01, TemporalLoss.Forward(frames).item<double>(), 12);
        var shift = tensor(new double[] { 1, 0, 12, 0, 1, 0 }).view(1, 2, 3);
        Assert.Equal(0, TemporalLoss.Forward(frames, shift).item<double>(), 12);
    }

    [Fact]
    public void Landmark_losses_pass_finite_difference_checks()
    {
        manual_seed(5);
        var target = rand(2, 68, 2, ScalarType.Float64) * 120;
        var visibility = (rand(2, 68, ScalarType.Float64) > 0.3).to_type(ScalarType.Float64);
        Assert.True(GradientCheck.RelativeError(h => LandmarkRegressionLoss.Forward(h, target, visibility), rand(2, 136, ScalarType.Float64)) < 1e-6);
        Assert.True(GradientCheck.RelativeError(p => GaussianNllLoss.Forward(p, target, full(2, 68, -1.0, ScalarType.Float64), visibility), rand(2, 68, 2, ScalarType.Float64) * 120) < 1e-6);
        Assert.True(GradientCheck.RelativeError(s => GaussianNllLoss.Forward(target + 3, target, s, visibility), randn(2, 68, ScalarType.Float64)) < 1e-6);
        Assert.True(GradientCheck.RelativeError(p => TemporalLoss.Forward(p), rand(3, 68, 2, ScalarType.Float64) * 120) < 1e-6);
        var heat = rand(50, ScalarType.Float64);
        Assert.True(GradientCheck.RelativeError(p => new AdaptiveWingLoss().Forward(p, heat), heat + (rand(50, ScalarType.Float64) - 0.5) * 2) < 1e-6);

        using var bases = new MorphableBases(LossReference.Model, ScalarType.Float64);
        var labels = tensor(LossReference.Input).narrow(0, 0, 2);
        Assert.True(GradientCheck.RelativeError(x => new ReprojectionLoss(bases).Forward(x, target, visibility), labels) < 1e-6);
        var teacher = tensor(LossReference.Target).narrow(0, 0, 2);
        Assert.True(GradientCheck.RelativeError(x => new TeacherLandmarkLoss(bases).Forward(x, teacher), labels) < 1e-6);
    }
}
