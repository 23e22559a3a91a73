using FaceAlign3D.Geometry;

namespace FaceAlign3D.Tests.Geometry;

public class AffineFactorizationTests
{
    /// <summary>Three affine cameras (turned about y by -30, 0, 30 degrees, scaled, shifted) and random points; optional Gaussian noise.</summary>
    static (double[][] Cameras, Vec3[] Points, Point2[][] Views) Rig(int count, double noise, int seed)
    {
        var random = new Random(seed);
        var points = Enumerable.Range(0, count).Select(_ => new Vec3(random.NextDouble() * 20 - 10, random.NextDouble() * 20 - 10, random.NextDouble() * 10 - 5)).ToArray();
        var cameras = new[] { -30.0, 0, 30 }.Select((yaw, k) =>
        {
            double a = yaw * Math.PI / 180, s = 4 + k;
            return new[] { s * Math.Cos(a), 0, s * Math.Sin(a), 100 + 10 * k, 0.3, s, 0.1, 150 - 5 * k, 0, 0, 0, 1 };
        }).ToArray();
        double Gauss() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var views = cameras.Select(c => points.Select(p => new Point2(
            c[0] * p.X + c[1] * p.Y + c[2] * p.Z + c[3] + noise * Gauss(),
            c[4] * p.X + c[5] * p.Y + c[6] * p.Z + c[7] + noise * Gauss())).ToArray()).ToArray();
        return (cameras, points, views);
    }

    [Fact]
    public void Exact_affine_views_are_explained_and_points_triangulated_from_two_views_reproject_into_the_third()
    {
        var (_, _, views) = Rig(200, noise: 0, seed: 1);
        var rig = AffineFactorization.Fit(views);
        Assert.InRange(rig.RmsResidual, 0, 1e-9);
        for (int i = 0; i < 200; i += 17)
        {
            var point = Dlt.Triangulate([rig.Cameras[0], rig.Cameras[1]], [views[0][i], views[1][i]]);
            var c = rig.Cameras[2];
            Assert.Equal(views[2][i].X, c[0] * point.X + c[1] * point.Y + c[2] * point.Z + c[3], 6);
            Assert.Equal(views[2][i].Y, c[4] * point.X + c[5] * point.Y + c[6] * point.Z + c[7], 6);
        }
        Assert.All(rig.Cameras, c => Assert.Equal([0, 0, 0, 1], c[8..]));
    }

    [Fact]
    public void With_noise_the_residual_is_of_the_noise_and_an_outlier_stands_out()
    {
        var (_, _, views) = Rig(2000, noise: 1, seed: 2);
        views[1][7] = new Point2(views[1][7].X + 40, views[1][7].Y);
        var rig = AffineFactorization.Fit(views);
        // Rank 3 of 6 rows: half of the noise's 2 dimensions per view is left in the residual.
        Assert.InRange(rig.ViewRmsResidual.Max(), 0.7, 1.3);
        Assert.True(rig.PointResidual[7] > 10, $"outlier residual {rig.PointResidual[7]}");
    }

    [Fact]
    public void Too_few_views_or_points_and_mismatched_views_are_refused()
    {
        var (_, _, views) = Rig(10, noise: 0, seed: 3);
        Assert.Throws<ArgumentException>(() => AffineFactorization.Fit([views[0]]));
        Assert.Throws<ArgumentException>(() => AffineFactorization.Fit([views[0][..3], views[1][..3]]));
        Assert.Throws<ArgumentException>(() => AffineFactorization.Fit([views[0], views[1][..9]]));
        views[2][4] = new Point2(double.NaN, 0);
        Assert.Throws<ArgumentException>(() => AffineFactorization.Fit(views));
    }
}
