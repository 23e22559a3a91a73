using FaceAlign3D.Fitting;
using FaceAlign3D.Geometry;
using Xunit.Abstractions;

namespace FaceAlign3D.Tests.Fitting;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public sealed class ImageFitTests(ITestOutputHelper output)
{
    /// <summary>Landmark weights 1/sigma^2 with unit priors: the MAP fit for landmarks with that noise.</summary>
    private static LandmarkObservation WithSigma(Point2[] points, double sigma) => new(points, Enumerable.Repeat(sigma, points.Length).ToArray());

    [Fact]
    public void NoiseFreeLandmarksRecoverTheFace()
    {
        var gen = new SyntheticFaces(seed: 7);
        var model = gen.Model;
        var fitter = new FaceModelFitter(model);
        var face = model.Regions["face"];
        for (int trial = 0; trial < 6; trial++)
        {
            var truth = gen.Face(30, 0, 20);
            var vertices = truth.ModelVertices(model);
            var landmarks = SyntheticFaces.ProjectOrthographic(truth, vertices, model.Landmarks68);
            // sigma 0.01 px: the data dominate the unit priors, as they should for exact landmarks.
            var fit = fitter.FitImage(WithSigma(landmarks, 0.01), ViewCamera.Orthographic());
            var errors = FaceErrors.AlignedDistances(fit.ModelVertices(model), vertices, face);
            output.WriteLine($"trial {trial}: landmark rms {fit.Views[0].RmsError:F4} px, face median {FaceErrors.Median(errors):F4} cm, max {errors.Max():F4} cm, {fit.Iterations} iterations");
            Assert.True(fit.Views[0].RmsError <= 0.05, $"reprojection {fit.Views[0].RmsError} px");
            Assert.True(FaceErrors.Median(errors) <= 0.05, $"median {FaceErrors.Median(errors)} cm");
            Assert.True(errors.Max() <= 0.2, $"max {errors.Max()} cm");
            Assert.Equal(Rotation.ToYawPitchRoll(truth.Rotation).Yaw, fit.Pose.YawPitchRoll.Yaw, 2);
            Assert.Equal(truth.Scale, fit.Pose.Scale, 2);
            Assert.All(fit.Expression, b => Assert.InRange(b, 0.0, 1.0));
            Assert.Equal(fit.Expression[model.ExpressionIndex("jawOpen")], fit.ExpressionWeights["jawOpen"]);
        }
    }

    [Fact]
    public void ErrorGrowsGentlyWithLandmarkNoise()
    {
        var model = IctTestModel.Value;
        var fitter = new FaceModelFitter(model);
        var face = model.Regions["face"];
        double[] noise = [0, 0.5, 1, 2, 3];
        var medians = new double[noise.Length];
        for (int level = 0; level < noise.Length; level++)
        {
            var gen = new SyntheticFaces(seed: 100); // the same faces at every noise level
            var perFace = new List<double>();
            for (int trial = 0; trial < 6; trial++)
            {
                var truth = gen.Face(30, 0, 20);
                var vertices = truth.ModelVertices(model);
                var clean = SyntheticFaces.ProjectOrthographic(truth, vertices, model.Landmarks68);
                var noisy = gen.AddNoise(clean, noise[level]);
                var fit = fitter.FitImage(WithSigma(noisy, Math.Max(noise[level], 0.01)), ViewCamera.Orthographic());
                perFace.Add(FaceErrors.Median(FaceErrors.AlignedDistances(fit.ModelVertices(model), vertices, face)));
            }
            medians[level] = perFace.Average();
            output.WriteLine($"noise {noise[level]:F1} px on a 200 px face: mean of per-face median face-region error {medians[level]:F3} cm");
        }
        Assert.True(medians[0] <= 0.05);
        Assert.True(medians[^1] > medians[0]);
        Assert.True(medians[^1] < 0.6, "3 px noise should not cost more than 6 mm median");
    }

    [Fact]
    public void PinholeFitRecoversPoseAndFocal()
    {
        var gen = new SyntheticFaces(seed: 21);
        var model = gen.Model;
        var truth = gen.Face(30, 0, 20);
        var vertices = truth.ModelVertices(model);
        var camera = PinholeCamera.AtOrigin(900, 320, 240);
        var translation = new Vec3(1.5, -1, -45);
        var landmarks = model.Landmarks68.Select(v => camera.Project(truth.Rotation * new Vec3(vertices[3 * v], vertices[3 * v + 1], vertices[3 * v + 2]) + translation)).ToArray();
        var known = new FaceModelFitter(model).FitImage(WithSigma(landmarks, 0.01), ViewCamera.FromPinhole(camera));
        Assert.True(known.Views[0].RmsError < 0.05);
        Assert.True((known.Pose.Translation - translation).Length < 0.5, $"translation {known.Pose.Translation}");
        Assert.True(FaceErrors.Median(FaceErrors.AlignedDistances(known.ModelVertices(model), vertices, model.Regions["face"])) < 0.05);
        // A wrong focal guess is corrected when the focal length is free (strong perspective at 45 cm makes it observable).
        var free = new FaceModelFitter(model, new FitOptions { FitFocalLength = true, Solver = new LeastSquaresOptions { MaxIterations = 100, CostTolerance = 1e-9 } })
            .FitImage(WithSigma(landmarks, 0.01), ViewCamera.PinholeAtOrigin(700, 320, 240));
        output.WriteLine($"free focal: {free.Views[0].Camera.Fx:F1} (true 900), rms {free.Views[0].RmsError:F4} px");
        Assert.True(free.Views[0].RmsError < 0.1);
        Assert.InRange(free.Views[0].Camera.Fx, 800, 1000);
    }

    [Fact]
    public void DegenerateInputGivesArgumentExceptions()
    {
        var model = IctTestModel.Value;
        var fitter = new FaceModelFitter(model);
        var cam = ViewCamera.Orthographic();
        var same = Enumerable.Repeat(new Point2(10, 10), 68).ToArray();
        Assert.Contains("coincide", Assert.Throws<ArgumentException>(() => fitter.FitImage(new LandmarkObservation(same), cam)).Message);
        var gen = new SyntheticFaces(seed: 3);
        var truth = gen.Face(30, 0, 20);
        var good = SyntheticFaces.ProjectOrthographic(truth, truth.ModelVertices(model), model.Landmarks68);
        var withNaN = (Point2[])good.Clone();
        withNaN[12] = new Point2(double.NaN, 3);
        Assert.Contains("landmark 12", Assert.Throws<ArgumentException>(() => fitter.FitImage(new LandmarkObservation(withNaN), cam)).Message);
        var sigma = Enumerable.Repeat(double.PositiveInfinity, 68).ToArray();
        for (int k = 0; k < 4; k++) sigma[k] = 1;
        Assert.Contains("at least 5", Assert.Throws<ArgumentException>(() => fitter.FitImage(new LandmarkObservation(good, sigma), cam)).Message);
        Assert.Throws<ArgumentException>(() => fitter.FitImage(new LandmarkObservation(good[..67]), cam));
        Assert.Throws<ArgumentException>(() => fitter.FitImage(new LandmarkObservation(good, [.. Enumerable.Repeat(-1.0, 68)]), cam));
        Assert.Throws<ArgumentException>(() => fitter.FitMultiView([new LandmarkObservation(good)], [PinholeCamera.AtOrigin(500, 0, 0), PinholeCamera.AtOrigin(500, 0, 0)]));
        Assert.Throws<ArgumentException>(() => fitter.FitSequence([], cam));
        Assert.Throws<ArgumentException>(() => new FaceModelFitter(model, new FitOptions { IdentityCount = 101 }));
        Assert.Throws<ArgumentException>(() => new FaceModelFitter(model, new FitOptions { Weights = new EnergyWeights { Temporal = double.NaN } }));

        // Valid but hostile: 5 observed points, wildly scaled coordinates. The result must be finite.
        var sparse = Enumerable.Repeat(double.PositiveInfinity, 68).ToArray();
        foreach (int k in new[] { 36, 45, 30, 48, 54 }) sparse[k] = 1;
        var huge = good.Select(p => new Point2(p.X * 1e6, p.Y * 1e6)).ToArray();
        foreach (var input in new[] { new LandmarkObservation(good, sparse), new LandmarkObservation(huge) })
        {
            var fit = fitter.FitImage(input, cam);
            Assert.All(fit.Identity, x => Assert.True(double.IsFinite(x)));
            Assert.All(fit.Expression, x => Assert.True(double.IsFinite(x)));
            Assert.True(double.IsFinite(fit.Cost) && fit.Pose.AxisAngle.IsFinite && double.IsFinite(fit.Pose.Scale));
        }
    }
}
