using FaceAlign3D.Evaluation.Metrics;
using FaceAlign3D.Geometry;

namespace FaceAlign3D.Tests.Evaluation;

public class ChamferTests
{
    [Fact]
    public void NearestDistancesByHand()
    {
        // To the single target point (0, 0, 1): from the origin 1, from (3, 4, 0) sqrt(9 + 16 + 1).
        var distances = Chamfer.NearestDistances([0, 0, 0, 3, 4, 0], new NearestPointIndex([0, 0, 1]));
        Assert.Equal([1, Math.Sqrt(26)], distances);
    }

    [Fact]
    public void SimilarityMovedCopyAlignsToZeroDistanceInTruthUnits()
    {
        var truth = Surface(1200, seed: 1);
        int[] keypoints = [3, 100, 250, 400, 640, 800, 1100];
        // The prediction lives in other units (x 2.5), turned and shifted.
        var move = new SimilarityTransform(2.5, Geometry.UmeyamaTests.AxisAngle(0.3, 1, 0.2, 0.6), [10, -4, 7]);
        var predicted = move.Apply(truth);

        var result = Chamfer.AfterAlignment(truth, Pick(truth, keypoints), predicted, Pick(predicted, keypoints));

        Assert.True(result.Mean < 1e-6, $"mean {result.Mean}");
        Assert.Equal(1 / 2.5, result.Alignment.Scale, 6);
    }

    [Fact]
    public void NoisyKeypointsAreCorrectedByIcpAndRegionsAverageTheirVertices()
    {
        var truth = Surface(1500, seed: 2);
        int[] keypoints = [10, 200, 400, 600, 800, 1000, 1400];
        var predicted = new SimilarityTransform(1, Geometry.UmeyamaTests.AxisAngle(0, 1, 0, 0.05), [0.02, 0, 0]).Apply(truth);
        var predictedKeypoints = Pick(predicted, keypoints);
        var random = new Random(3);
        for (int i = 0; i < predictedKeypoints.Length; i++) predictedKeypoints[i] += (random.NextDouble() - 0.5) * 0.05;

        var result = Chamfer.AfterAlignment(truth, Pick(truth, keypoints), predicted, predictedKeypoints,
            new ChamferOptions { EstimateScale = false, Icp = new IcpOptions { MaxIterations = 100 } });

        Assert.True(result.Mean < 1e-4, $"mean {result.Mean}");
        int[] region = [.. Enumerable.Range(0, 100)];
        Assert.Equal(result.Distances.Take(100).Average(), result.RegionMean(region), 12);
    }

    private static double[] Pick(double[] points, int[] indices) =>
        indices.SelectMany(i => new[] { points[3 * i], points[3 * i + 1], points[3 * i + 2] }).ToArray();

    private static double[] Surface(int count, int seed)
    {
        var random = new Random(seed);
        var points = new double[count * 3];
        for (int k = 0; k < points.Length; k += 3)
        {
            double x = random.NextDouble() * 2 - 1, y = random.NextDouble() * 2 - 1;
            points[k] = x;
            points[k + 1] = y;
            points[k + 2] = 0.4 * Math.Exp(-3 * (x * x + y * y)) + 0.1 * x * y;
        }
        return points;
    }
}
