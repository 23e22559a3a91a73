using FaceAlign3D.Training.Losses;
using FaceAlign3D.Training.Runtime;
using static TorchSharp.torch;

namespace FaceAlign3D.Training.Tests.Losses;

public class MultiViewConsistencyLossTests
{
    public MultiViewConsistencyLossTests() => TorchRuntime.EnsureLoaded();

    /// <summary>Four pinhole cameras (focal 500, centre 60) looking at the origin from 1 m, turned about y by -30..30 degrees.</summary>
    static Tensor Cameras()
    {
        var cameras = new List<Tensor>();
        foreach (double degrees in new[] { -30.0, -10, 10, 30 })
        {
            double a = degrees * Math.PI / 180;
            var k = tensor(new double[] { 500, 0, 60, 0, 500, 60, 0, 0, 1 }).view(3, 3);
            var rt = tensor(new double[] { Math.Cos(a), 0, Math.Sin(a), 0, 0, 1, 0, 0, -Math.Sin(a), 0, Math.Cos(a), 1 }).view(3, 4);
            cameras.Add(matmul(k, rt));
        }
        return stack(cameras);
    }

    static Tensor Points() => tensor(new double[] { 0, 0, 0, 0.05, -0.02, 0.01, -0.04, 0.03, -0.02 }).view(3, 3);

    [Fact]
    public void Consistent_views_triangulate_exactly_and_cost_nothing()
    {
        var cameras = Cameras();
        var observed = MultiViewConsistencyLoss.Project(Points(), cameras);
        Assert.True((MultiViewConsistencyLoss.Triangulate(observed, cameras) - Points()).abs().max().item<double>() < 1e-9);
        Assert.Equal(0, MultiViewConsistencyLoss.Forward(observed, cameras, [0, 1], [2, 3]).item<double>(), 9);
    }

    [Fact]
    public void A_displaced_target_view_point_costs_its_l1_offset()
    {
        var cameras = Cameras();
        var observed = MultiViewConsistencyLoss.Project(Points(), cameras);
        observed[3, 1, 0] += 1.5;
        observed[3, 1, 1] -= 0.5;
        // Triangulation uses views 0-1 only, so the offset in view 3 is all that is left: 2 px over 2 views x 3 points.
        Assert.Equal(2.0 / 6, MultiViewConsistencyLoss.Forward(observed, cameras, [0, 1], [2, 3]).item<double>(), 9);
    }

    [Fact]
    public void Gradient_through_the_dlt_matches_finite_differences()
    {
        var cameras = Cameras();
        // Noisy views (no residual near the L1 kink); overlapping source and target views so the
        // triangulated points depend on the differenced inputs too.
        manual_seed(3);
        var observed = MultiViewConsistencyLoss.Project(Points(), cameras) + randn(4, 3, 2, ScalarType.Float64) * 2;
        double error = GradientCheck.RelativeError(x => MultiViewConsistencyLoss.Forward(x, cameras, [0, 1, 2], [1, 2, 3]), observed);
        Assert.True(error < 1e-5, $"relative error {error}");
    }
}
