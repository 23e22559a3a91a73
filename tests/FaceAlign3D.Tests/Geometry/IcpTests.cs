using FaceAlign3D.Geometry;

namespace FaceAlign3D.Tests.Geometry;

public class IcpTests
{
    [Fact]
    public void NearestPointIndexAgreesWithBruteForce()
    {
        var points = UmeyamaTests.RandomCloud(2000, seed: 1);
        var index = new NearestPointIndex(points);
        var queries = UmeyamaTests.RandomCloud(300, seed: 2);

        for (int q = 0; q < queries.Length; q += 3)
        {
            int found = index.Nearest(queries[q], queries[q + 1], queries[q + 2], out double d2);
            double best = double.PositiveInfinity;
            for (int p = 0; p < points.Length; p += 3)
            {
                double dx = points[p] - queries[q], dy = points[p + 1] - queries[q + 1], dz = points[p + 2] - queries[q + 2];
                best = Math.Min(best, dx * dx + dy * dy + dz * dz);
            }
            Assert.Equal(best, d2, 12);
            var p3 = new double[3];
            index.CopyPoint(found, p3);
            Assert.Equal(best, Sq(p3[0] - queries[q]) + Sq(p3[1] - queries[q + 1]) + Sq(p3[2] - queries[q + 2]), 12);
        }
    }

    [Fact]
    public void ConvergesOnRigidlyMovedSurface()
    {
        // A smooth bumpy height field, moved by 8 degrees about a tilted axis and shifted.
        var surface = HeightField(1500);
        var truth = new SimilarityTransform(1, UmeyamaTests.AxisAngle(0.2, 1, 0.3, 8 * Math.PI / 180), [0.3, -0.2, 0.15]);
        var moved = truth.Apply(surface);

        var result = Icp.Align(surface, new NearestPointIndex(moved), new IcpOptions { MaxIterations = 200 });

        Assert.True(result.Converged);
        Assert.True(result.RmsDistance < 1e-6, $"rms {result.RmsDistance} after {result.Iterations} iterations");
        for (int i = 0; i < 9; i++) Assert.Equal(truth.Rotation[i], result.Transform.Rotation[i], 5);
        for (int i = 0; i < 3; i++) Assert.Equal(truth.Translation[i], result.Transform.Translation[i], 5);
    }

    [Fact]
    public void StartsFromInitialTransform()
    {
        var surface = HeightField(400);
        var truth = new SimilarityTransform(1, UmeyamaTests.AxisAngle(0, 0, 1, 0.1), [5, 0, 0]);
        var moved = truth.Apply(surface);

        var result = Icp.Align(surface, new NearestPointIndex(moved), new IcpOptions
        {
            Initial = new SimilarityTransform(1, [1, 0, 0, 0, 1, 0, 0, 0, 1], [5, 0, 0]),
        });

        Assert.True(result.RmsDistance < 1e-6, $"rms {result.RmsDistance}");
    }

    // Irregular samples of a smooth bumpy surface over [-1, 1]^2 (a regular grid would let
    // point-to-point ICP lock onto grid-shifted correspondences).
    private static double[] HeightField(int count)
    {
        var random = new Random(11);
        var points = new double[count * 3];
        for (int k = 0; k < points.Length; k += 3)
        {
            double x = random.NextDouble() * 2 - 1, y = random.NextDouble() * 2 - 1;
            points[k] = x;
            points[k + 1] = y;
            points[k + 2] = 0.3 * Math.Sin(3 * x) * Math.Cos(2 * y) + 0.2 * x * x;
        }
        return points;
    }

    private static double Sq(double v) => v * v;
}
