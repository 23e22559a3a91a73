using FaceAlign3D.Evaluation.Metrics;
using FaceAlign3D.Fitting;
using FaceAlign3D.Geometry;
using Xunit.Abstractions;

namespace FaceAlign3D.Tests.Fitting;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public sealed class MultiViewFitTests(ITestOutputHelper output)
{
    private const double Noise = 1.0;

    /// <summary>A calibrated camera 60 cm from the origin, turned by the given yaw around the face.</summary>
    private static PinholeCamera Camera(double yawDegrees)
    {
        var around = Rotation.FromYawPitchRoll(SyntheticFaces.Radians(yawDegrees), 0, 0);
        return new PinholeCamera(1000, 1000, 320, 240, PinholeCamera.ModelToCameraAxes * around.Transpose(), new Vec3(0, 0, 60));
    }

    [Fact]
    public void JointFitBeatsEverySingleViewAndDltIsConsistent()
    {
        var gen = new SyntheticFaces(seed: 77);
        var model = gen.Model;
        var cameras = new[] { Camera(-35), Camera(0), Camera(35) };
        var fitter = new FaceModelFitter(model);
        double jointSum = 0, bestSingleSum = 0;
        for (int trial = 0; trial < 3; trial++)
        {
            var truth = gen.Face(30, 0, 15);
            var vertices = truth.ModelVertices(model);
            var head = new Vec3(gen.Uniform(-2, 2), gen.Uniform(-2, 2), gen.Uniform(-12, -8)); // face centre near the world origin
            var world = model.Landmarks68.Select(v => truth.Rotation * new Vec3(vertices[3 * v], vertices[3 * v + 1], vertices[3 * v + 2]) + head).ToArray();
            var clean = cameras.Select(c => world.Select(c.Project).ToArray()).ToArray();
            var noisy = clean.Select(p => gen.AddNoise(p, Noise)).ToArray();

            // DLT self-projection: exact for clean landmarks, at the noise level for noisy ones.
            Assert.True(MultiViewConsistency.Evaluate(clean, cameras).MeanDistance < 1e-6);
            var consistency = MultiViewConsistency.Evaluate(noisy, cameras);
            output.WriteLine($"trial {trial}: self-projection error {consistency.MeanDistance:F2} px (L1 {consistency.MeanL1:F2}) at {Noise} px noise");
            Assert.InRange(consistency.MeanDistance, 0.5 * Noise, 4 * Noise);

            var sigma = Enumerable.Repeat(Noise, 68).ToArray();
            var views = noisy.Select(p => new LandmarkObservation(p, sigma)).ToArray();
            var joint = fitter.FitMultiView(views, cameras);
            double jointError = FaceErrors.IdentityError(joint.Identity, truth.Identity);
            var single = cameras.Select((c, v) => FaceErrors.IdentityError(fitter.FitImage(views[v], ViewCamera.FromPinhole(c)).Identity, truth.Identity)).ToArray();
            output.WriteLine($"  identity error: joint {jointError:F3} cm, single views {string.Join(", ", single.Select(e => e.ToString("F3")))} cm; joint rms {joint.Views.Average(v => v.RmsError):F2} px");
            Assert.Equal(3, joint.Views.Length);
            Assert.True((joint.Pose.Translation - head).Length < 1.0, $"head position {joint.Pose.Translation} vs {head}");
            jointSum += jointError;
            bestSingleSum += single.Min();
        }
        Assert.True(jointSum < bestSingleSum, $"joint {jointSum / 3:F3} cm vs best single view {bestSingleSum / 3:F3} cm");
    }

    [Fact]
    public void ConsistencyMetricRejectsMismatchedInput()
    {
        var cams = new[] { Camera(-30), Camera(0), Camera(30) };
        var points = new Point2[68];
        Assert.Throws<ArgumentException>(() => MultiViewConsistency.Evaluate([points, points], cams));
        Assert.Throws<ArgumentException>(() => MultiViewConsistency.Evaluate([points, points], cams[..2]));
        Assert.Throws<ArgumentException>(() => MultiViewConsistency.Evaluate([points, points, new Point2[5]], cams));
    }
}
