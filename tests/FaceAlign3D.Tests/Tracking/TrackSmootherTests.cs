using System.Numerics;
using FaceAlign3D.Alignment;
using FaceAlign3D.Tracking.Filters;

namespace FaceAlign3D.Tests.Tracking;

public class TrackSmootherTests
{
    public static TheoryData<SmoothingMethod> Methods => [SmoothingMethod.OneEuro, SmoothingMethod.Kalman];

    [Theory]
    [MemberData(nameof(Methods))]
    public void Roll_crossing_180_degrees_is_filtered_without_a_jump_through_zero(SmoothingMethod method)
    {
        var smoother = new TrackSmoother(new SmoothingOptions { Method = method });
        var landmarks = Square(100);
        for (int t = 0; t < 40; t++)
        {
            // Roll turns steadily from 160 to about 238 degrees, reported wrapped into (-180, 180].
            double roll = 160 + 2 * t;
            var (_, pose) = smoother.Apply(t / 30.0, landmarks, RollPose(roll));
            double error = Math.Abs(AngleUnwrapper.Wrap((pose.RollDegrees - roll) * Math.PI / 180)) * 180 / Math.PI;
            Assert.True(error < 3, $"frame {t}: filtered roll {pose.RollDegrees:F2}, true {AngleUnwrapper.Wrap(roll * Math.PI / 180) * 180 / Math.PI:F2}");
            Assert.InRange(pose.RollDegrees, -180, 180);
            // The filtered rotation stays a rotation and agrees with the filtered roll.
            AssertOrthonormal(pose.Rotation);
            double matrixRoll = Math.Atan2(pose[1, 0], pose[0, 0]) * 180 / Math.PI;
            Assert.True(Math.Abs(AngleUnwrapper.Wrap((matrixRoll - pose.RollDegrees) * Math.PI / 180)) < 0.05);
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Landmark_smoothing_does_not_depend_on_the_image_resolution(SmoothingMethod method)
    {
        // The same jittery motion at 1x and 8x resolution: outputs scale exactly, since filtering works in face sizes.
        var small = new TrackSmoother(new SmoothingOptions { Method = method });
        var large = new TrackSmoother(new SmoothingOptions { Method = method });
        var rng = new Random(3);
        for (int t = 0; t < 30; t++)
        {
            float dx = 2 * t + (float)rng.NextDouble(), dy = (float)rng.NextDouble();
            var a = Square(60).Select(p => p + new Vector3(dx, dy, 0)).ToArray();
            var b = a.Select(p => p * 8).ToArray();
            var (fa, _) = small.Apply(t / 25.0, a, RollPose(0));
            var (fb, _) = large.Apply(t / 25.0, b, RollPose(0));
            for (int i = 0; i < fa.Length; i++)
                Assert.True(Vector3.Distance(fa[i] * 8, fb[i]) < 1e-3f * 8, $"frame {t} point {i}: {fa[i] * 8} vs {fb[i]}");
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Reset_lets_the_next_frame_through_unchanged(SmoothingMethod method)
    {
        var smoother = new TrackSmoother(new SmoothingOptions { Method = method });
        smoother.Apply(0, Square(50), RollPose(10));
        var (moved, _) = smoother.Apply(0.04, Square(50).Select(p => p + new Vector3(30, 0, 0)).ToArray(), RollPose(40));
        Assert.NotEqual(80f, moved[1].X, 2);
        smoother.Reset();
        var fresh = Square(50).Select(p => p + new Vector3(200, 0, 0)).ToArray();
        var (landmarks, pose) = smoother.Apply(0.08, fresh, RollPose(-70));
        Assert.Equal(fresh, landmarks);
        Assert.Equal(-70, pose.RollDegrees, 6);
    }

    [Fact]
    public void None_returns_the_measurement()
    {
        var smoother = new TrackSmoother(new SmoothingOptions { Method = SmoothingMethod.None });
        smoother.Apply(0, Square(50), RollPose(0));
        var shifted = Square(50).Select(p => p + new Vector3(9, 4, 1)).ToArray();
        var input = RollPose(33);
        var (landmarks, pose) = smoother.Apply(0.04, shifted, input);
        Assert.Equal(shifted, landmarks);
        Assert.Same(input, pose);
    }

    [Fact]
    public void Unwrapper_follows_whole_turns_and_wrap_lands_in_the_half_open_range()
    {
        var unwrap = new AngleUnwrapper();
        Assert.Equal(3.0, unwrap.Unwrap(3.0), 12);
        Assert.Equal(-3.0 + 2 * Math.PI, unwrap.Unwrap(-3.0), 12);
        Assert.Equal(-2.5 + 2 * Math.PI, unwrap.Unwrap(-2.5), 12);
        Assert.Equal(Math.PI, AngleUnwrapper.Wrap(-Math.PI), 12);
        Assert.Equal(0.5, AngleUnwrapper.Wrap(0.5 + 4 * Math.PI), 12);
    }

    private static Vector3[] Square(float side) => [new(0, 0, 0), new(side, 0, 0), new(side, side, 5), new(0, side, 5)];

    // A rotation about the viewing axis only, with 3DDFA_V2's roll = atan2(R10, R00).
    private static HeadPose RollPose(double rollDegrees)
    {
        double r = rollDegrees * Math.PI / 180, c = Math.Cos(r), s = Math.Sin(r);
        return new HeadPose([c, -s, 0, s, c, 0, 0, 0, 1], 0, 0, AngleUnwrapper.Wrap(r) * 180 / Math.PI, "test");
    }

    private static void AssertOrthonormal(double[] m)
    {
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                double dot = m[3 * i] * m[3 * j] + m[3 * i + 1] * m[3 * j + 1] + m[3 * i + 2] * m[3 * j + 2];
                Assert.Equal(i == j ? 1 : 0, dot, 9);
            }
    }
}
