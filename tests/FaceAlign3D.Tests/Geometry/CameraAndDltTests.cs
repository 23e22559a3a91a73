using FaceAlign3D.Geometry;

namespace FaceAlign3D.Tests.Geometry;

public sealed class CameraAndDltTests
{
    private static PinholeCamera Looking(double yawDegrees, double distance)
    {
        // Camera on a circle around the origin, looking at it; world frame = model frame (y up, z to the viewer).
        var head = Rotation.FromYawPitchRoll(yawDegrees * Math.PI / 180, 0, 0);
        var r = PinholeCamera.ModelToCameraAxes * head.Transpose();
        return new PinholeCamera(1000, 1010, 320, 240, r, new Vec3(0, 0, distance));
    }

    [Fact]
    public void ProjectionMatrixAgreesWithProject()
    {
        var cam = Looking(25, 60);
        var p = cam.ProjectionMatrix();
        var x = new Vec3(3, -2, 5);
        double u = p[0] * x.X + p[1] * x.Y + p[2] * x.Z + p[3];
        double v = p[4] * x.X + p[5] * x.Y + p[6] * x.Z + p[7];
        double w = p[8] * x.X + p[9] * x.Y + p[10] * x.Z + p[11];
        var direct = cam.Project(x);
        Assert.Equal(direct.X, u / w, 9);
        Assert.Equal(direct.Y, v / w, 9);
        // The camera centre lies on the optical axis at the given distance.
        Assert.Equal(60, cam.Centre.Length, 9);
    }

    [Fact]
    public void FrontalCameraLooksDownMinusZ()
    {
        var cam = PinholeCamera.AtOrigin(500, 100, 100);
        // A point in front of the camera has negative model z; +y (up) maps to smaller image rows.
        var up = cam.Project(new Vec3(0, 1, -10));
        Assert.Equal(100, up.X, 12);
        Assert.True(up.Y < 100);
        var ortho = ScaledOrthographicCamera.Frontal(2, 10, 10);
        Assert.Equal(new Point2(12, 8), ortho.Project(new Vec3(1, 1, 5)));
    }

    [Fact]
    public void DltRecoversPointsExactlyAndWithNoiseNearby()
    {
        var cams = new[] { Looking(-40, 60), Looking(0, 55), Looking(35, 65) };
        var projections = cams.Select(c => c.ProjectionMatrix()).ToArray();
        var rng = new Random(11);
        for (int i = 0; i < 20; i++)
        {
            var x = new Vec3(rng.NextDouble() * 10 - 5, rng.NextDouble() * 10 - 5, rng.NextDouble() * 10 - 5);
            var exact = Dlt.Triangulate(projections, cams.Select(c => c.Project(x)).ToArray());
            Assert.True((exact - x).Length < 1e-8, $"exact {exact} vs {x}");
            var noisy = Dlt.Triangulate(projections, cams.Select(c => c.Project(x) + new Point2(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5)).ToArray());
            Assert.True((noisy - x).Length < 0.2, $"noisy {noisy} vs {x}");
        }
    }

    [Fact]
    public void DltRejectsBadInput()
    {
        var cam = Looking(0, 60);
        var p = cam.ProjectionMatrix();
        var pixel = cam.Project(new Vec3(1, 2, 3));
        Assert.Throws<ArgumentException>(() => Dlt.Triangulate([p, p], [pixel]));
        Assert.Throws<ArgumentException>(() => Dlt.Triangulate([p], [pixel]));
        Assert.Throws<ArgumentException>(() => Dlt.Triangulate([p, p], [pixel, pixel])); // one ray twice
        Assert.Throws<ArgumentException>(() => Dlt.Triangulate([p, Looking(30, 60).ProjectionMatrix()], [pixel, new Point2(double.NaN, 0)]));
        Assert.Throws<ArgumentException>(() => Dlt.Triangulate([p, new double[11]], [pixel, pixel]));
    }

    [Fact]
    public void SymmetricEigenDecomposes()
    {
        double[] a = [4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 1];
        var vectors = new double[9];
        var values = SymmetricEigen.Decompose(a, 3, vectors);
        Assert.True(values[0] <= values[1] && values[1] <= values[2]);
        for (int j = 0; j < 3; j++)
            for (int r = 0; r < 3; r++)
            {
                double av = 0;
                for (int c = 0; c < 3; c++)
                    av += a[r * 3 + c] * vectors[c * 3 + j];
                Assert.Equal(values[j] * vectors[r * 3 + j], av, 10);
            }
        Assert.Equal(8.0, values.Sum(), 10); // trace
    }
}
