using System.Text.Json;
using FaceAlign3D.Fitting;
using FaceAlign3D.Geometry;
using FaceAlign3D.Imaging;
using FaceAlign3D.Pipeline;
using FaceAlign3D.Tests.Cli;
using FaceAlign3D.Tests.Fitting;
using Xunit.Abstractions;

namespace FaceAlign3D.Tests.Synthesis;

/// <summary>`synth multiview`: calibrated views of sampled ICT faces whose views.json `fit --views` reads, checked against their truth.</summary>
public sealed class MultiViewDatasetTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"facealign-multiview-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }

    private MultiViewRun Make(string name, MultiViewSettings settings) =>
        MultiViewDataset.Run(IctTestModel.Value, [], settings, Path.Combine(_dir, name));

    private static Vec3[] TruthLandmarks(string viewsFile)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(viewsFile));
        return [.. doc.RootElement.GetProperty("truth").GetProperty("landmarks68_world").EnumerateArray().Select(p => new Vec3(p[0].GetDouble(), p[1].GetDouble(), p[2].GetDouble()))];
    }

    private static double[] TruthIdentity(string viewsFile)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(viewsFile));
        return [.. doc.RootElement.GetProperty("truth").GetProperty("params").GetProperty("identity").EnumerateArray().Select(x => x.GetDouble())];
    }

    [Fact]
    public void Dlt_of_the_ground_truth_landmarks_reprojects_within_a_hundredth_of_a_pixel()
    {
        var run = Make("dlt", new MultiViewSettings { Count = 2, Views = 4, Size = 256, Seed = 11 });
        Assert.Equal(8, run.Images);
        double worst = 0, worst3d = 0;
        foreach (var file in Directory.GetFiles(Path.Combine(_dir, "dlt", MultiViewDataset.ViewsFolder)))
        {
            var views = FitInputs.ReadViews(file);
            var truth = TruthLandmarks(file);
            var projections = views.Select(v => v.Camera.ProjectionMatrix()).ToArray();
            for (int k = 0; k < 68; k++)
            {
                var point = Dlt.Triangulate(projections, views.Select(v => v.Landmarks.Points[k]).ToArray());
                worst3d = Math.Max(worst3d, (point - truth[k]).Length);
                foreach (var view in views)
                    worst = Math.Max(worst, (view.Camera.Project(point) - view.Landmarks.Points[k]).Length);
            }
        }
        output.WriteLine($"DLT over 4 views: worst reprojection {worst:E2} px, worst 3D error {worst3d:E2} cm");
        Assert.True(worst < 0.01, $"worst reprojection {worst} px");
        Assert.True(worst3d < 1e-4, $"worst 3D error {worst3d} cm");
    }

    [Fact]
    public void Every_landmark_lands_on_the_rendered_head_and_runs_are_deterministic()
    {
        var settings = new MultiViewSettings { Count = 1, Views = 3, Size = 256, Seed = 4 };
        var run = Make("a", settings);
        Make("b", settings);
        Assert.Equal(File.ReadAllBytes(run.Annotations), File.ReadAllBytes(Path.Combine(_dir, "b", "annotations.json")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "a", "images", "s000000_v2.png")), File.ReadAllBytes(Path.Combine(_dir, "b", "images", "s000000_v2.png")));

        string viewsFile = Path.Combine(_dir, "a", MultiViewDataset.ViewsFolder, "s000000.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(viewsFile));
        foreach (var view in doc.RootElement.GetProperty("views").EnumerateArray())
        {
            var image = FaceToolkit.LoadImage(Path.Combine(Path.GetDirectoryName(viewsFile)!, view.GetProperty("image").GetString()!));
            // The background is one flat grey: the landmark pixels show the head instead, occluded ones included.
            // A point on the silhouette (the jaw, or a brow in a turned view) may round to a pixel just outside it.
            var background = image.Data.AsSpan(0, 3).ToArray();
            bool Head(int x, int y) => !image.Data.AsSpan(3 * (y * image.Width + x), 3).SequenceEqual(background);
            var points = view.GetProperty("landmarks68").EnumerateArray().Select(p => ((int)Math.Round(p[0].GetDouble()), (int)Math.Round(p[1].GetDouble()))).ToArray();
            Assert.True(points.Count(p => Head(p.Item1, p.Item2)) >= 64, "nearly every landmark pixel shows the head");
            Assert.All(points, p => Assert.True(Head(p.Item1, p.Item2) || Head(p.Item1 - 1, p.Item2) || Head(p.Item1 + 1, p.Item2) || Head(p.Item1, p.Item2 - 1) || Head(p.Item1, p.Item2 + 1),
                $"landmark at {p} is more than a pixel off the head"));
        }

        using var annotations = JsonDocument.Parse(File.ReadAllText(run.Annotations));
        var samples = annotations.RootElement.GetProperty("samples");
        Assert.Equal(3, samples.GetArrayLength());
        var first = samples[0];
        Assert.Equal(68, first.GetProperty("landmarks68_3d").GetArrayLength());
        Assert.Equal("pinhole", first.GetProperty("camera").GetProperty("kind").GetString());
        Assert.Equal(100, first.GetProperty("params").GetProperty("identity").GetArrayLength());
        // The cameras at the ends of the arc see the head turned opposite ways, in AFLW2000-3D's pose convention.
        Assert.True(samples[0].GetProperty("pose_radians").GetProperty("yaw").GetDouble() * samples[2].GetProperty("pose_radians").GetProperty("yaw").GetDouble() < 0);
        foreach (var sample in samples.EnumerateArray())
            PoseConventionTests.AssertSignsAgree(sample);
    }

    [Fact]
    public void Fit_views_on_the_set_recovers_the_identity_better_than_any_single_view()
    {
        const double Noise = 1.0;
        var run = Make("fit", new MultiViewSettings { Count = 3, Views = 3, Seed = 21 });
        var cli = CliRunner.WithModels(SharedData.PathOf("models"));
        var model = IctTestModel.Value;
        var fitter = new FaceModelFitter(model);
        var random = new Random(3);
        double jointSum = 0, bestSingleSum = 0;
        foreach (var file in Directory.GetFiles(Path.Combine(_dir, "fit", MultiViewDataset.ViewsFolder)).Order())
        {
            // A detector's error: 1 px Gaussian noise on the exact landmarks of each view.
            var (jointIdentity, views) = NoisyViewsFit.Run(cli, file, _dir, Noise, random);

            var truth = TruthIdentity(file);
            double joint = FaceErrors.IdentityError(jointIdentity, truth);
            var single = views.Select(v => FaceErrors.IdentityError(fitter.FitImage(new LandmarkObservation(v.Landmarks.Points, Enumerable.Repeat(Noise, 68).ToArray()),
                ViewCamera.FromPinhole(v.Camera)).Identity, truth)).ToArray();
            output.WriteLine($"{Path.GetFileName(file)}: identity error joint {joint:F3} cm, single views {string.Join(", ", single.Select(e => e.ToString("F3")))} cm");
            jointSum += joint;
            bestSingleSum += single.Min();
        }
        Assert.True(jointSum < bestSingleSum, $"joint {jointSum / 3:F3} cm vs best single view {bestSingleSum / 3:F3} cm (means over 3 faces)");
    }

    [Fact]
    public void Bad_settings_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Make("bad", new MultiViewSettings { Count = 0 }));
        Assert.Throws<ArgumentException>(() => Make("bad", new MultiViewSettings { Views = 1 }));
        Assert.Throws<ArgumentException>(() => Make("bad", new MultiViewSettings { Size = 100_000 }));
        Assert.Throws<ArgumentException>(() => Make("bad", new MultiViewSettings { Faces = new() { IdentityModes = 101 } }));
    }
}
