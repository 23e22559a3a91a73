using FaceAlign3D.Fitting;
using FaceAlign3D.Geometry;
using Xunit.Abstractions;

namespace FaceAlign3D.Tests.Fitting;

public sealed class ImageFitTests(ITestOutputHelper output)
{
    [Fact]
    public void NoiseFreeFrontalishFacesAreRecovered()
    {
        var gen = new SyntheticFaces(seed: 7);
        var model = gen.Model;
        var fitter = new FaceModelFitter(model, new FitOptions { Weights = new EnergyWeights { IdentityPrior = 1e-4, ExpressionSparsity = 1e-4 } });
        var face = model.Regions["face"];
        for (int trial = 0; trial < 5; trial++)
        {
            var truth = gen.Face(30, 0, 20);
            var vertices = truth.ModelVertices(model);
            var landmarks = SyntheticFaces.ProjectOrthographic(truth, vertices, model.Landmarks68);
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var fit = fitter.FitImage(new LandmarkObservation(landmarks), ViewCamera.Orthographic());
            sw.Stop();
            var errors = FaceErrors.AlignedDistances(fit.ModelVertices(model), vertices, face);
            output.WriteLine($"trial {trial}: rms {fit.Views[0].RmsError:F4} px, median {FaceErrors.Median(errors):F4} cm, max {errors.Max():F4} cm, {fit.Iterations} it, {sw.Elapsed.TotalMilliseconds:F1} ms");
        }
    }
}
