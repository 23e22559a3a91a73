using FaceAlign3D.Geometry;

namespace FaceAlign3D.Tests.Geometry;

public sealed class RotationTests
{
    private static readonly Vec3[] Samples =
    [
        new(0, 0, 0), new(1e-10, -2e-10, 0), new(0.3, -0.2, 0.1), new(-1.2, 0.4, 2.0), new(0, 3.1, 0), new(2.2, 1.5, -0.7),
    ];

    [Fact]
    public void AxisAngleRoundTripsAndIsOrthonormal()
    {
        foreach (var w in Samples)
        {
            var r = Rotation.FromAxisAngle(w);
            Assert.True(Mat3.MaxAbsDifference(r * r.Transpose(), Mat3.Identity) < 1e-12);
            Assert.Equal(1.0, r.Determinant, 12);
            var back = Rotation.FromAxisAngle(Rotation.ToAxisAngle(r));
            Assert.True(Mat3.MaxAbsDifference(r, back) < 1e-9, $"round trip of {w}");
        }
    }

    [Fact]
    public void AxisAngleNearPiRoundTrips()
    {
        var w = new Vec3(0.6, -0.8, 0).Normalized() * (Math.PI - 1e-9);
        var r = Rotation.FromAxisAngle(w);
        Assert.True(Mat3.MaxAbsDifference(r, Rotation.FromAxisAngle(Rotation.ToAxisAngle(r))) < 1e-7);
        var flip = Mat3.Diagonal(1, -1, -1); // 180 degrees about x
        Assert.True(Mat3.MaxAbsDifference(flip, Rotation.FromAxisAngle(Rotation.ToAxisAngle(flip))) < 1e-9);
    }

    [Fact]
    public void AxisAngleDerivativesMatchFiniteDifferences()
    {
        const double h = 1e-6;
        foreach (var w in Samples)
        {
            Rotation.FromAxisAngle(w, out var d0, out var d1, out var d2);
            Mat3[] analytic = [d0, d1, d2];
            for (int i = 0; i < 3; i++)
            {
                var e = new Vec3(i == 0 ? h : 0, i == 1 ? h : 0, i == 2 ? h : 0);
                var numeric = (0.5 / h) * (Rotation.FromAxisAngle(w + e) + (-1.0) * Rotation.FromAxisAngle(w - e));
                Assert.True(Mat3.MaxAbsDifference(numeric, analytic[i]) < 1e-6, $"dR/dw{i} at {w}");
            }
        }
    }

    [Fact]
    public void QuaternionMatchesMatrix()
    {
        foreach (var w in Samples)
        {
            var r = Rotation.FromAxisAngle(w);
            var q = Rotation.ToQuaternion(r);
            Assert.True(q.W >= 0);
            Assert.True(Mat3.MaxAbsDifference(r, Rotation.FromQuaternion(q)) < 1e-12);
            var v = new Vec3(0.3, -1.1, 2.5);
            Assert.True((q.Rotate(v) - r * v).Length < 1e-12);
        }
    }

    [Fact]
    public void YawPitchRollFollowTheNamedConvention()
    {
        // Positive yaw turns the nose (+z) towards +x; positive pitch turns it towards -y; positive roll turns +x towards +y.
        var nose = new Vec3(0, 0, 1);
        Assert.True((Rotation.FromYawPitchRoll(Math.PI / 2, 0, 0) * nose - new Vec3(1, 0, 0)).Length < 1e-12);
        Assert.True((Rotation.FromYawPitchRoll(0, Math.PI / 2, 0) * nose - new Vec3(0, -1, 0)).Length < 1e-12);
        Assert.True((Rotation.FromYawPitchRoll(0, 0, Math.PI / 2) * new Vec3(1, 0, 0) - new Vec3(0, 1, 0)).Length < 1e-12);
        var rng = new Random(3);
        for (int i = 0; i < 50; i++)
        {
            double yaw = (rng.NextDouble() - 0.5) * 3.0, pitch = (rng.NextDouble() - 0.5) * 6.0, roll = (rng.NextDouble() - 0.5) * 6.0;
            var r = Rotation.FromYawPitchRoll(yaw, pitch, roll);
            var (y2, p2, r2) = Rotation.ToYawPitchRoll(r);
            Assert.Equal(yaw, y2, 9);
            Assert.True(Mat3.MaxAbsDifference(r, Rotation.FromYawPitchRoll(y2, p2, r2)) < 1e-9);
        }
    }

    [Fact]
    public void GimbalLockStillReproducesTheMatrix()
    {
        foreach (double yaw in new[] { Math.PI / 2, -Math.PI / 2 })
        {
            var r = Rotation.FromYawPitchRoll(yaw, 0.4, -0.3);
            var (y, p, ro) = Rotation.ToYawPitchRoll(r);
            Assert.Equal(0.0, ro);
            Assert.True(Mat3.MaxAbsDifference(r, Rotation.FromYawPitchRoll(y, p, ro)) < 1e-7);
        }
    }
}
