using FaceAlign3D.Geometry;
using FaceAlign3D.Evaluation.Datasets;

namespace FaceAlign3D.Tests.Evaluation;

public class Aflw2000PoseTests
{
    [Theory]
    [InlineData(0.3, -0.2, 0.1)]
    [InlineData(-1.2, 0.5, -0.7)]
    [InlineData(0, 0, 0)]
    public void RecoversTheAnglesOfRzRyRx(double yaw, double pitch, double roll)
    {
        var r = Multiply(Multiply(Rz(roll), Ry(yaw)), Rx(pitch));
        var angles = Aflw2000Pose.FromRotation(r);
        Assert.Equal(yaw, angles.Yaw, 12);
        Assert.Equal(pitch, angles.Pitch, 12);
        Assert.Equal(roll, angles.Roll, 12);

        var transposed = new double[9];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                transposed[3 * i + j] = r[3 * j + i];
        var fromTddfa = Aflw2000Pose.FromTddfaRotation(transposed);
        Assert.Equal(yaw, fromTddfa.Yaw, 12);
        Assert.Equal(pitch, fromTddfa.Pitch, 12);
        Assert.Equal(roll, fromTddfa.Roll, 12);
    }

    [Fact]
    public void RejectsAWrongSize() => Assert.Throws<ArgumentException>(() => Aflw2000Pose.FromRotation(new double[8]));

    private static double[] Rx(double a) => [1, 0, 0, 0, Math.Cos(a), -Math.Sin(a), 0, Math.Sin(a), Math.Cos(a)];
    private static double[] Ry(double a) => [Math.Cos(a), 0, Math.Sin(a), 0, 1, 0, -Math.Sin(a), 0, Math.Cos(a)];
    private static double[] Rz(double a) => [Math.Cos(a), -Math.Sin(a), 0, Math.Sin(a), Math.Cos(a), 0, 0, 0, 1];

    private static double[] Multiply(double[] a, double[] b) => (Mat3.FromArray(a) * Mat3.FromArray(b)).ToArray();
}
