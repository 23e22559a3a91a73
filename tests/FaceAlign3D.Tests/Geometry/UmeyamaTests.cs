using FaceAlign3D.Geometry;

namespace FaceAlign3D.Tests.Geometry;

public class UmeyamaTests
{
    [Fact]
    public void RecoversHandWorkedTransformOfThreePoints()
    {
        // Source: origin, unit x, unit y. Target: rotate 90 deg about z (x -> y, y -> -x), scale 2,
        // translate (1, 2, 3): (0,0,0)->(1,2,3), (1,0,0)->(1,4,3), (0,1,0)->(-1,2,3).
        double[] source = [0, 0, 0, 1, 0, 0, 0, 1, 0];
        double[] target = [1, 2, 3, 1, 4, 3, -1, 2, 3];

        var t = Umeyama.Estimate(source, target);

        Assert.Equal(2, t.Scale, 12);
        double[] expectedR = [0, -1, 0, 1, 0, 0, 0, 0, 1];
        for (int i = 0; i < 9; i++) Assert.Equal(expectedR[i], t.Rotation[i], 12);
        Assert.Equal([1.0, 2.0, 3.0], t.Translation.Select(v => Math.Round(v, 12)));
    }

    [Theory]
    [InlineData(0.3, -1.2, 0.7, 40.0, 2.5)]
    [InlineData(1.0, 1.0, 1.0, 179.0, 0.01)]
    [InlineData(0.0, 0.0, 1.0, 0.0, 1.0)]
    public void RecoversKnownSimilarityOnRandomCloud(double ax, double ay, double az, double angleDeg, double scale)
    {
        var rotation = AxisAngle(ax, ay, az, angleDeg * Math.PI / 180);
        var truth = new SimilarityTransform(scale, rotation, [4.0, -7.5, 12.25]);
        var source = RandomCloud(50, seed: 3);
        var target = truth.Apply(source);

        var estimate = Umeyama.Estimate(source, target);

        Assert.Equal(scale, estimate.Scale, 9);
        for (int i = 0; i < 9; i++) Assert.Equal(rotation[i], estimate.Rotation[i], 9);
        for (int i = 0; i < 3; i++) Assert.Equal(truth.Translation[i], estimate.Translation[i], 7);
    }

    [Fact]
    public void RigidModeKeepsUnitScaleAndFindsRotation()
    {
        var rotation = AxisAngle(0, 1, 0, 0.5);
        var source = RandomCloud(20, seed: 5);
        // Target is a scaled copy: the rigid fit must still find the rotation but not the scale.
        var target = new SimilarityTransform(3, rotation, [1, 1, 1]).Apply(source);

        var estimate = Umeyama.Estimate(source, target, estimateScale: false);

        Assert.Equal(1, estimate.Scale);
        for (int i = 0; i < 9; i++) Assert.Equal(rotation[i], estimate.Rotation[i], 9);
    }

    [Fact]
    public void MirroredTargetStillGivesProperRotation()
    {
        var source = RandomCloud(30, seed: 9);
        var target = (double[])source.Clone();
        for (int i = 0; i < target.Length; i += 3) target[i] = -target[i];

        var r = Umeyama.Estimate(source, target).Rotation;

        double det = r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6]) + r[2] * (r[3] * r[7] - r[4] * r[6]);
        Assert.Equal(1, det, 9);
    }

    [Fact]
    public void RejectsDegenerateInput()
    {
        Assert.Throws<ArgumentException>(() => Umeyama.Estimate([0, 0, 0, 1, 1, 1], [0, 0, 0, 1, 1, 1]));
        Assert.Throws<ArgumentException>(() => Umeyama.Estimate([1, 1, 1, 1, 1, 1, 1, 1, 1], [0, 0, 0, 1, 0, 0, 0, 1, 0]));
        Assert.Throws<ArgumentException>(() => Umeyama.Estimate([0, 0, double.NaN, 1, 0, 0, 0, 1, 0], [0, 0, 0, 1, 0, 0, 0, 1, 0]));
        Assert.Throws<ArgumentException>(() => Umeyama.Estimate([0, 0, 0, 1, 0, 0, 0, 1], [0, 0, 0, 1, 0, 0, 0, 1]));
    }

    internal static double[] AxisAngle(double ax, double ay, double az, double angle)
    {
        double n = Math.Sqrt(ax * ax + ay * ay + az * az);
        double x = ax / n, y = ay / n, z = az / n, c = Math.Cos(angle), s = Math.Sin(angle), k = 1 - c;
        return
        [
            c + x * x * k, x * y * k - z * s, x * z * k + y * s,
            y * x * k + z * s, c + y * y * k, y * z * k - x * s,
            z * x * k - y * s, z * y * k + x * s, c + z * z * k,
        ];
    }

    internal static double[] RandomCloud(int count, int seed)
    {
        var random = new Random(seed);
        var points = new double[count * 3];
        for (int i = 0; i < points.Length; i++) points[i] = random.NextDouble() * 10 - 5;
        return points;
    }
}
