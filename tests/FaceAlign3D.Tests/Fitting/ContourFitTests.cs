using FaceAlign3D.Fitting;
using FaceAlign3D.Geometry;
using Xunit.Abstractions;

namespace FaceAlign3D.Tests.Fitting;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public sealed class ContourFitTests(ITestOutputHelper output)
{
    /// <summary>
    /// Landmarks as an annotator places them on a turned face: jaw points whose vertex is hidden move to the
    /// projected silhouette (the nearest silhouette vertex of the true mesh); the others stay on their vertex.
    /// </summary>
    private static Point2[] MarchedLandmarks(SyntheticFace truth, float[] vertices, out int marched)
    {
        var model = IctTestModel.Value;
        var points = SyntheticFaces.ProjectOrthographic(truth, vertices, model.Landmarks68);
        var matcher = new ContourMatcher(model);
        var correspondences = model.Landmarks68.ToArray();
        Point2 Project(Vec3 x) => SyntheticFaces.ProjectOrthographic(truth, [(float)x.X, (float)x.Y, (float)x.Z], [0])[0];
        // Matching against the landmark vertices' own projections picks the silhouette point nearest to each hidden jaw point.
        matcher.Update(vertices, truth.Rotation, ViewCamera.Orthographic(), Project, points, correspondences);
        marched = 0;
        for (int k = 0; k < ContourMatcher.JawLandmarkCount; k++)
            if (correspondences[k] != model.Landmarks68[k])
            {
                int v = correspondences[k];
                points[k] = Project(new Vec3(vertices[3 * v], vertices[3 * v + 1], vertices[3 * v + 2]));
                marched++;
            }
        return points;
    }

    [Fact]
    public void SilhouetteCandidatesLeaveOutNoseAndEars()
    {
        var model = IctTestModel.Value;
        var candidates = new ContourMatcher(model).Candidates;
        var n = model.Neutral;
        Assert.False(candidates[model.Landmarks68[30]]); // nose tip
        Assert.False(candidates[model.Landmarks68[33]]); // under the nose
        Assert.True(candidates[model.Landmarks68[8]]);   // chin
        Assert.True(candidates[model.Landmarks68[3]]);   // jaw
        // The ears stick out beyond the jaw corners (|x| > 8.5 cm in the full face region); none is a candidate.
        var face = model.Regions["face"];
        int ears = 0;
        for (int v = face.First; v <= face.Last; v++)
            if (Math.Abs(n[3 * v]) > 8.5)
            {
                ears++;
                Assert.False(candidates[v], $"vertex {v} at x = {n[3 * v]}");
            }
        Assert.True(ears > 50);
        Assert.True(candidates.ToArray().Count(c => c) > 5000);
    }

    [Fact]
    public void SilhouetteTermBeatsFixedJawVerticesOnTurnedFaces()
    {
        var gen = new SyntheticFaces(seed: 9);
        var model = gen.Model;
        var baseline = new FaceModelFitter(model);
        var contour = new FaceModelFitter(model, new FitOptions { UseContours = true });
        double contourBase = 0, contourSil = 0, faceBase = 0, faceSil = 0;
        const int trials = 4;
        for (int trial = 0; trial < trials; trial++)
        {
            var truth = gen.Face(30, 45, 70);
            var vertices = truth.ModelVertices(model);
            var points = MarchedLandmarks(truth, vertices, out int marched);
            Assert.True(marched >= 3, $"only {marched} jaw landmarks moved to the silhouette at this yaw");
            var noisy = new LandmarkObservation(gen.AddNoise(points, 0.5), [.. Enumerable.Repeat(0.5, 68)]);
            var fitBase = baseline.FitImage(noisy, ViewCamera.Orthographic());
            var fitSil = contour.FitImage(noisy, ViewCamera.Orthographic());
            double JawError(FitResult f) => Enumerable.Range(0, 17).Average(k => Point2.Distance(f.Views[0].Projected[k], points[k]));
            double FaceError(FitResult f) => FaceErrors.Median(FaceErrors.AlignedDistances(f.ModelVertices(model), vertices, model.Regions["face"]));
            output.WriteLine($"trial {trial} ({marched} marched): contour landmarks {JawError(fitBase):F2} -> {JawError(fitSil):F2} px, face {FaceError(fitBase):F3} -> {FaceError(fitSil):F3} cm");
            contourBase += JawError(fitBase); contourSil += JawError(fitSil);
            faceBase += FaceError(fitBase); faceSil += FaceError(fitSil);
        }
        Assert.True(contourSil < contourBase, $"contour landmark error {contourSil / trials:F2} vs {contourBase / trials:F2} px");
        Assert.True(faceSil < faceBase, $"face error {faceSil / trials:F3} vs {faceBase / trials:F3} cm");
    }
}
