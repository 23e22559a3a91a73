using System.Text.Json;
using FaceAlign3D.Fitting;
using FaceAlign3D.Geometry;
using FaceAlign3D.Pipeline;
using FaceAlign3D.Tests.Cli;
using FaceAlign3D.Tests.Fitting;
using Xunit.Abstractions;

namespace FaceAlign3D.Tests.Synthesis;

/// <summary>`synth profile --views`: photos profiled to several yaws as calibrated views of one head, checked against their truth.</summary>
public sealed class ProfileMultiViewDatasetTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"facealign-profile-views-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }

    private ProfileMultiViewRun Make(string name, ProfileMultiViewSettings settings, params string[] photos) =>
        ProfileMultiViewDataset.Run(ProfileDatasetTests.Fitting(), ProfileDatasetTests.Bfm(), ProfileDatasetTests.Sources(photos), settings, Path.Combine(_dir, name));

    private static JsonElement Truth(JsonDocument views) => views.RootElement.GetProperty("truth");

    private static Vec3[] Points3(JsonElement array) =>
        [.. array.EnumerateArray().Select(p => new Vec3(p[0].GetDouble(), p[1].GetDouble(), p[2].GetDouble()))];

    [Fact]
    public void Dlt_of_the_ground_truth_landmarks_reproduces_the_3d_ones_and_the_views_match_the_images_cameras()
    {
        var run = Make("dlt", new ProfileMultiViewSettings { Count = 1, Views = 4, SpanDegrees = 90, Seed = 3 });
        Assert.Equal(4, run.Images);
        string file = Path.Combine(_dir, "dlt", MultiViewDataset.ViewsFolder, "s000000.json");
        var views = FitInputs.ReadViews(file);
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        var truth = Points3(Truth(doc).GetProperty("landmarks68_world"));
        var projections = views.Select(v => v.Camera.ProjectionMatrix()).ToArray();
        double worst = 0, worst3d = 0;
        for (int k = 0; k < 68; k++)
        {
            var point = Dlt.Triangulate(projections, views.Select(v => v.Landmarks.Points[k]).ToArray());
            worst3d = Math.Max(worst3d, (point - truth[k]).Length);
            foreach (var view in views)
                worst = Math.Max(worst, (view.Camera.Project(point) - view.Landmarks.Points[k]).Length);
        }
        // Each view's pinhole stand-in sees the head where the image's own (orthographic) camera in annotations.json does.
        using var annotations = JsonDocument.Parse(File.ReadAllText(run.Annotations));
        var samples = annotations.RootElement.GetProperty("samples").EnumerateArray().ToArray();
        Assert.Equal(4, samples.Length);
        double worstStandIn = 0;
        for (int v = 0; v < 4; v++)
        {
            var recipe = samples[v].GetProperty("recipe");
            Assert.Equal("s000000", recipe.GetProperty("group").GetString());
            Assert.Equal(v, recipe.GetProperty("view").GetInt32());
            var cam = samples[v].GetProperty("camera");
            var r = cam.GetProperty("rotation").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            var ortho = new ScaledOrthographicCamera(cam.GetProperty("scale").GetDouble(), cam.GetProperty("tx").GetDouble(), cam.GetProperty("ty").GetDouble(),
                Mat3.FromArray(r));
            foreach (var p in truth)
                worstStandIn = Math.Max(worstStandIn, (ortho.Project(p) - views[v].Camera.Project(p)).Length);
            PoseConventionTests.AssertSignsAgree(samples[v]);
        }
        // The views span 90 degrees of yaw in order.
        var yaws = samples.Select(s => s.GetProperty("recipe").GetProperty("yaw_degrees").GetDouble()).ToArray();
        Assert.Equal(90, yaws[3] - yaws[0], 9);
        output.WriteLine($"DLT over 4 views: worst reprojection {worst:E2} px, worst 3D error {worst3d:E2} cm; pinhole stand-in vs orthographic camera: worst {worstStandIn:E2} px");
        Assert.True(worst < 0.01, $"worst reprojection {worst} px");
        Assert.True(worst3d < 1e-3, $"worst 3D error {worst3d} cm");
        Assert.True(worstStandIn < 1e-3, $"the stand-in camera is {worstStandIn} px off");
    }

    [Fact]
    public void Runs_are_deterministic_and_bad_settings_are_refused()
    {
        var settings = new ProfileMultiViewSettings { Count = 1, Views = 2, Seed = 8 };
        var run = Make("a", settings);
        Make("b", settings);
        Assert.Equal(File.ReadAllBytes(run.Annotations), File.ReadAllBytes(Path.Combine(_dir, "b", "annotations.json")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "a", "images", "s000000_v1.png")), File.ReadAllBytes(Path.Combine(_dir, "b", "images", "s000000_v1.png")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "a", "views", "s000000.json")), File.ReadAllBytes(Path.Combine(_dir, "b", "views", "s000000.json")));
        Assert.True(File.Exists(run.ContactSheet));
        Assert.Throws<ArgumentException>(() => Make("bad", new ProfileMultiViewSettings { Views = 1 }));
        Assert.Throws<ArgumentException>(() => Make("bad", new ProfileMultiViewSettings { SpanDegrees = 160 }));
        Assert.Throws<ArgumentException>(() => Make("bad", new ProfileMultiViewSettings { SpanDegrees = 100, CentreYaw = 30 }));
        Assert.Throws<ArgumentException>(() => Make("bad", new ProfileMultiViewSettings { Pitch = double.NaN }));
        Assert.Throws<ArgumentException>(() => Make("bad", new ProfileMultiViewSettings { Count = 0 }));
    }

    [Fact]
    public void Fit_views_on_profiled_photos_recovers_the_identity_better_than_any_single_view()
    {
        const double Noise = 1.0;
        Make("fit", new ProfileMultiViewSettings { Count = 3, Views = 3, SpanDegrees = 70, Seed = 5 }, "image00014.jpg", "image00040.jpg", "image00042.jpg");
        var cli = CliRunner.WithModels(SharedData.PathOf("models"));
        var fitter = new FaceModelFitter(IctTestModel.Value);
        var random = new Random(3);
        double jointSum = 0, bestSingleSum = 0;
        foreach (var file in Directory.GetFiles(Path.Combine(_dir, "fit", MultiViewDataset.ViewsFolder)).Order())
        {
            // A detector's error: 1 px Gaussian noise on the exact landmarks of each view.
            var (jointIdentity, views) = NoisyViewsFit.Run(cli, file, _dir, Noise, random);

            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var truth = Truth(doc).GetProperty("params").GetProperty("identity").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            double joint = FaceErrors.IdentityError(jointIdentity, truth);
            // Each view alone, fitted as a single photo is (scaled orthographic).
            var single = views.Select(v => FaceErrors.IdentityError(fitter.FitImage(new LandmarkObservation(v.Landmarks.Points, Enumerable.Repeat(Noise, 68).ToArray()),
                ViewCamera.Orthographic()).Identity, truth)).ToArray();
            output.WriteLine($"{Path.GetFileName(file)}: identity error joint {joint:F3} cm, single views {string.Join(", ", single.Select(e => e.ToString("F3")))} cm");
            jointSum += joint;
            bestSingleSum += single.Min();
        }
        Assert.True(jointSum < bestSingleSum, $"joint {jointSum / 3:F3} cm vs best single view {bestSingleSum / 3:F3} cm (means over 3 faces)");
    }
}
