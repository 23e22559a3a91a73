using FaceAlign3D.Evaluation.Metrics;

namespace FaceAlign3D.Tests.Evaluation;

public class CedAndPoseTests
{
    // Errors 2, 4, 4, 8, 15 % with threshold 10 %:
    // AUC = sum over e < T of (T - e) / (N T) = (8 + 6 + 6 + 2) / (5 * 10) = 0.44; FR = 1 / 5.
    private static readonly double[] Errors = [0.04, 0.02, 0.15, 0.08, 0.04];

    [Fact]
    public void AucAndFailureRateOfHandMadeList()
    {
        var ced = new CumulativeErrorDistribution(Errors, 0.10);
        Assert.Equal(0.44, ced.Auc, 12);
        Assert.Equal(0.2, ced.FailureRate, 12);
        Assert.Equal(0.6, ced.FractionAtOrBelow(0.04), 12);
        Assert.Equal(0.0, ced.FractionAtOrBelow(0.019), 12);
    }

    [Fact]
    public void AucMatchesFineNumericIntegrationOfTheCurve()
    {
        var random = new Random(4);
        var errors = Enumerable.Range(0, 500).Select(_ => random.NextDouble() * 0.15).ToArray();
        var ced = new CumulativeErrorDistribution(errors, 0.10);
        const int steps = 100_000;
        double area = 0;
        for (int i = 0; i < steps; i++) area += ced.FractionAtOrBelow((i + 0.5) * 0.10 / steps);
        Assert.Equal(area / steps, ced.Auc, 4);
    }

    [Fact]
    public void CurveIsTheExactStepFunction()
    {
        var curve = new CumulativeErrorDistribution(Errors, 0.10).Curve();
        (double, double)[] expected = [(0, 0), (0.02, 0), (0.02, 0.2), (0.04, 0.2), (0.04, 0.6), (0.08, 0.6), (0.08, 0.8), (0.10, 0.8)];
        Assert.Equal(expected.Length, curve.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Item1, curve[i].Error, 12);
            Assert.Equal(expected[i].Item2, curve[i].Fraction, 12);
        }
    }

    [Fact]
    public void CedRejectsNaN() =>
        Assert.Throws<ArgumentException>(() => new CumulativeErrorDistribution([0.1, double.NaN]));

    [Fact]
    public void AngleDifferenceWrapsAround()
    {
        Assert.Equal(2.0, Deg(HeadPoseError.AngleDifference(Rad(179), Rad(-179))), 9);
        Assert.Equal(10.0, Deg(HeadPoseError.AngleDifference(Rad(-5), Rad(5))), 9);
        Assert.Equal(180.0, Deg(HeadPoseError.AngleDifference(Rad(90), Rad(-90))), 9);
    }

    [Fact]
    public void EulerErrorsAndTheirMean()
    {
        // |10 - 4| = 6, |-20 - 10| = 30, |350 - (-5)| wraps to 5: mean 41 / 3.
        var error = HeadPoseError.Between(EulerAngles.FromDegrees(10, -20, 350), EulerAngles.FromDegrees(4, 10, -5));
        Assert.Equal(6, Deg(error.Yaw), 9);
        Assert.Equal(30, Deg(error.Pitch), 9);
        Assert.Equal(5, Deg(error.Roll), 9);
        Assert.Equal(41.0 / 3, Deg(error.Mean), 9);
    }

    [Fact]
    public void GeodesicAngleOfKnownRelativeRotation()
    {
        // R2 = Rz(30) Rx(50): the relative rotation R1^T R2 with R1 = Rz(30) is Rx(50), a 50 degree turn.
        var rz = Geometry.UmeyamaTests.AxisAngle(0, 0, 1, Rad(30));
        var rx = Geometry.UmeyamaTests.AxisAngle(1, 0, 0, Rad(50));
        var r2 = new double[9];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 3; k++) r2[i * 3 + j] += rz[i * 3 + k] * rx[k * 3 + j];

        Assert.Equal(50, Deg(HeadPoseError.Geodesic(rz, r2)), 9);
        Assert.Equal(0, HeadPoseError.Geodesic(rz, rz), 12);
        Assert.Equal(180, Deg(HeadPoseError.Geodesic([1, 0, 0, 0, 1, 0, 0, 0, 1], Geometry.UmeyamaTests.AxisAngle(1, 2, 3, Math.PI))), 6);
    }

    private static double Rad(double degrees) => degrees * Math.PI / 180;

    private static double Deg(double radians) => radians * 180 / Math.PI;
}
