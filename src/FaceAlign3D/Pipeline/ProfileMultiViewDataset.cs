using System.Text.Json;
using FaceAlign3D.Alignment;
using FaceAlign3D.Fitting;
using FaceAlign3D.Geometry;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Morphable;
using FaceAlign3D.Synthesis;

namespace FaceAlign3D.Pipeline;

/// <summary>What `facealign synth profile --views` makes.</summary>
internal sealed record ProfileMultiViewSettings
{
    /// <summary>Groups to write, one per source face in turn (cycling).</summary>
    public int Count { get; init; } = 1;

    /// <summary>Profiled views per group.</summary>
    public int Views { get; init; } = 3;

    /// <summary>Yaw from the first view to the last, degrees.</summary>
    public double SpanDegrees { get; init; } = 60;

    /// <summary>Yaw of the span's centre, degrees; null draws it per group within +-20 (less where the span leaves no room).</summary>
    public double? CentreYaw { get; init; }

    /// <summary>Pitch of every view, degrees; null draws it per view within +-10.</summary>
    public double? Pitch { get; init; }

    public int Seed { get; init; }
}

/// <summary>The files a profiled multi-view run wrote.</summary>
internal sealed record ProfileMultiViewRun(int Groups, int Images, int SkippedSources, string Annotations, string ContactSheet);

/// <summary>
/// Multi-view sets from photos (docs/synthesis.md): each source face is fitted once and profiled to several yaws
/// spread over a span; the views are calibrated cameras of one head (the fitted ICT face, world = its model frame).
/// A profiled view is scaled orthographic, so views/*.json, which `facealign fit --views` reads as pinhole cameras,
/// describes it by the pinhole camera with the same rotation, scale and offset placed <see cref="CameraDistance"/> away
/// (its projections of the head differ from the orthographic ones by well under a thousandth of a pixel). annotations.json
/// has one sample per image with the fields of `synth profile` and a recipe naming the group, its views file and the view.
/// Deterministic for a seed.
/// </summary>
internal static class ProfileMultiViewDataset
{
    /// <summary>Distance of the pinhole camera standing in for an orthographic view, cm.</summary>
    public const double CameraDistance = 1e7;

    /// <param name="fitting">the ICT model and its fitters.</param>
    /// <param name="bfm">3DDFA_V2's BFM, whose 68-landmark layout annotations.json follows.</param>
    /// <param name="sources">photos with their faces' 68 landmarks (sources without faces are skipped).</param>
    /// <param name="settings">groups, views, span, angles and seed.</param>
    /// <param name="output">folder for images/, views/, annotations.json and contact_sheet.png.</param>
    /// <param name="progress">receives the number of groups written.</param>
    /// <exception cref="ArgumentException">bad settings or no face to profile.</exception>
    public static ProfileMultiViewRun Run(FaceFitting fitting, Bfm3ddfa bfm, IReadOnlyList<SynthesisSource> sources, ProfileMultiViewSettings settings, string output,
        IProgress<int>? progress = null)
    {
        DatasetSettingsChecks.RequireCount(settings.Count);
        if (settings.Views < 2)
            throw new ArgumentException($"a multi-view set needs at least 2 views, got {settings.Views}");
        double room = FaceProfiler.MaxAngleDegrees - settings.SpanDegrees / 2;
        if (!(settings.SpanDegrees >= 0) || !(room >= 0))
            throw new ArgumentException($"the span must lie within 0-{2 * FaceProfiler.MaxAngleDegrees} degrees, got {settings.SpanDegrees}");
        if (settings.CentreYaw is { } c && !(Math.Abs(c) <= room))
            throw new ArgumentException($"a span of {settings.SpanDegrees} degrees must be centred within +-{room} degrees, got {c}");
        if (settings.Pitch is { } p && !(Math.Abs(p) <= FaceProfiler.MaxAngleDegrees))
            throw new ArgumentException($"the pitch must lie within +-{FaceProfiler.MaxAngleDegrees} degrees, got {p}");
        var faces = SynthesisSources.Faces(sources, "to profile");
        Directory.CreateDirectory(Path.Combine(output, "images"));
        Directory.CreateDirectory(Path.Combine(output, MultiViewDataset.ViewsFolder));
        var model = fitting.Model;
        var fitter = fitting.FitterFor(AlignmentLayout.Tddfa68, pinhole: false);
        var profiler = new FaceProfiler(model);
        var rng = new Random(settings.Seed);
        var sheet = new List<Image>();
        string annotations = Path.Combine(output, "annotations.json");
        string sheetPath;
        using (var stream = File.Create(annotations))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            ProfileDataset.WriteHeader(json, "facealign synth profile --views", settings.Count, settings.Seed);
            for (int k = 0; k < settings.Count; k++)
            {
                var (source, face, points) = faces[k % faces.Count];
                var fit = fitter.FitImage(LandmarkObservation.WithUniformSigma(points), ViewCamera.Orthographic());
                var photo = FaceToolkit.LoadImage(source.ImagePath);
                var bfmLandmarks = ProfileDataset.BfmLandmarks(model, fit, bfm);
                var vertices = fit.ModelVertices(model);
                var world = model.Landmarks68.Select(v => new Vec3(vertices[3 * v], vertices[3 * v + 1], vertices[3 * v + 2])).ToArray();
                double centre = settings.CentreYaw ?? (rng.NextDouble() * 2 - 1) * Math.Min(20, room);
                string group = $"s{k:D6}";
                var views = new List<(string Image, PinholeCamera Camera, Point2[] Landmarks)>();
                for (int v = 0; v < settings.Views; v++)
                {
                    double yaw = centre + settings.SpanDegrees * (v / (settings.Views - 1.0) - 0.5);
                    double pitch = settings.Pitch ?? (rng.NextDouble() * 2 - 1) * 10;
                    var profiled = profiler.Profile(photo, fit, yaw, pitch, landmarks: bfmLandmarks);
                    string name = $"{group}_v{v}.png";
                    ImageEncoder.SavePng(profiled.Image, Path.Combine(output, "images", name));
                    if (sheet.Count < DatasetJson.SheetImages)
                        sheet.Add(profiled.Image);
                    var camera = StandIn(profiled.Camera, photo.Width, photo.Height);
                    views.Add(("images/" + name, camera, world.Select(camera.Project).ToArray()));
                    int view = v;
                    ProfileDataset.WriteSample(json, name, profiled, fit.ExpressionNames, recipe =>
                    {
                        DatasetJson.Source(recipe, "profile_multiview", source.ImagePath, face);
                        recipe.WriteString("group", group);
                        recipe.WriteString("views_file", $"{MultiViewDataset.ViewsFolder}/{group}.json");
                        recipe.WriteNumber("view", view);
                        recipe.WriteNumber("yaw_degrees", yaw);
                        recipe.WriteNumber("pitch_degrees", pitch);
                        recipe.WriteNumber("seed", settings.Seed);
                    });
                }
                var head = new SampledFace(fit.Identity, fit.Expression, Mat3.Identity);
                MultiViewDataset.WriteViews(Path.Combine(output, MultiViewDataset.ViewsFolder, $"{group}.json"), views, head, Vec3.Zero, world, fit.ExpressionNames);
                progress?.Report(k + 1);
            }
            sheetPath = DatasetJson.Finish(json, output, sheet);
        }
        return new ProfileMultiViewRun(settings.Count, settings.Count * settings.Views, sources.Count(s => s.Faces is null || s.Faces.Count == 0), annotations, sheetPath);
    }

    /// <summary>
    /// The pinhole camera that sees what a scaled orthographic one does, up to the depth's relative share of
    /// <see cref="CameraDistance"/>: same rotation, focal length scale x distance, principal point at the image centre.
    /// </summary>
    internal static PinholeCamera StandIn(ScaledOrthographicCamera camera, int width, int height)
    {
        double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0, f = camera.Scale * CameraDistance;
        return new PinholeCamera(f, f, cx, cy, camera.R, new Vec3((camera.Tx - cx) / camera.Scale, (camera.Ty - cy) / camera.Scale, CameraDistance));
    }
}
