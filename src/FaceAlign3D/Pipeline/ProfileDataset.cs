using System.Text.Json;
using FaceAlign3D.Alignment;
using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Fitting;
using FaceAlign3D.Geometry;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Morphable;
using FaceAlign3D.Synthesis;

namespace FaceAlign3D.Pipeline;

/// <summary>What `facealign synth profile` makes.</summary>
internal sealed record ProfileSettings
{
    /// <summary>Samples to write; they cycle over the source faces.</summary>
    public int Count { get; init; } = 1;

    /// <summary>Fixed yaw in degrees; null draws it uniformly from [-75, 75] per sample.</summary>
    public double? Yaw { get; init; }

    /// <summary>
    /// With <see cref="Yaw"/> null, draws the yaw the face ends at instead of the turn (3DDFA's profiling): |yaw|
    /// uniform in [Low, High] degrees on a random side, turned from the photo's own fitted yaw; when that turn would
    /// exceed <see cref="FaceProfiler.MaxAngleDegrees"/> the face ends on the other side.
    /// </summary>
    public (double Low, double High)? TargetYaw { get; init; }

    /// <summary>Fixed pitch in degrees; null draws it uniformly from [-15, 15] per sample.</summary>
    public double? Pitch { get; init; }

    public int Seed { get; init; }
}

/// <summary>The files a profile run wrote.</summary>
internal sealed record ProfileRun(int Samples, int SkippedSources, string Annotations, string ContactSheet);

/// <summary>
/// Builds a profiled-face dataset (docs/synthesis.md): fits the ICT model to each source face, turns it by the
/// sample's yaw and pitch, and writes the images, annotations.json (laid out like AFLW2000-3D's) and a contact
/// sheet. Deterministic for a seed: angles come from one seeded generator in sample order.
/// </summary>
internal static class ProfileDataset
{
    /// <param name="fitting">the ICT model and its fitters.</param>
    /// <param name="bfm">3DDFA_V2's BFM, whose 68-landmark layout the annotations follow.</param>
    /// <param name="sources">photos with their faces' 68 landmarks (sources without faces are skipped).</param>
    /// <param name="settings">count, angles and seed.</param>
    /// <param name="output">folder for images/, annotations.json and contact_sheet.png.</param>
    /// <param name="progress">receives the number of samples written.</param>
    /// <exception cref="ArgumentException">bad settings or no face to profile.</exception>
    public static ProfileRun Run(FaceFitting fitting, Bfm3ddfa bfm, IReadOnlyList<SynthesisSource> sources, ProfileSettings settings, string output, IProgress<int>? progress = null)
    {
        DatasetSettingsChecks.RequireCount(settings.Count);
        foreach (var angle in new[] { settings.Yaw, settings.Pitch })
            if (angle is { } a && !(Math.Abs(a) <= FaceProfiler.MaxAngleDegrees))
                throw new ArgumentException($"angles must lie within +-{FaceProfiler.MaxAngleDegrees} degrees, got {a}");
        if (settings.TargetYaw is { } target && (settings.Yaw is not null || !(0 <= target.Low && target.Low <= target.High && target.High <= FaceProfiler.MaxAngleDegrees)))
            throw new ArgumentException($"a target yaw range needs 0 <= low <= high <= {FaceProfiler.MaxAngleDegrees} degrees and no fixed yaw, got {target.Low}..{target.High}");
        var faces = SynthesisSources.Faces(sources, "to profile");
        Directory.CreateDirectory(Path.Combine(output, "images"));
        var fitter = fitting.FitterFor(AlignmentLayout.Tddfa68, pinhole: false);
        var profiler = new FaceProfiler(fitting.Model);
        var rng = new Random(settings.Seed);
        var sheet = new List<Image>();
        var fits = new Dictionary<int, (Image Photo, FitResult Fit, int[] Landmarks)>();
        string annotations = Path.Combine(output, "annotations.json");
        string sheetPath;
        using (var stream = File.Create(annotations))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            WriteHeader(json, "facealign synth profile", settings.Count, settings.Seed);
            for (int k = 0; k < settings.Count; k++)
            {
                int which = k % faces.Count;
                var (source, face, points) = faces[which];
                if (!fits.TryGetValue(which, out var fitted))
                {
                    fits.Clear(); // samples cycle through the faces in order, so one cached fit is enough
                    var fit = fitter.FitImage(LandmarkObservation.WithUniformSigma(points), ViewCamera.Orthographic());
                    fitted = (FaceToolkit.LoadImage(source.ImagePath), fit, BfmLandmarks(fitting.Model, fit, bfm));
                    fits[which] = fitted;
                }
                double yaw = settings.Yaw ?? (settings.TargetYaw is { } range ? TurnToward(range, FittedYawDegrees(fitted.Fit), rng)
                    : (rng.NextDouble() * 2 - 1) * FaceProfiler.MaxAngleDegrees);
                double pitch = settings.Pitch ?? (rng.NextDouble() * 2 - 1) * 15;
                var profiled = profiler.Profile(fitted.Photo, fitted.Fit, yaw, pitch, landmarks: fitted.Landmarks);
                string name = $"{k:D6}.png";
                ImageEncoder.SavePng(profiled.Image, Path.Combine(output, "images", name));
                if (sheet.Count < DatasetJson.SheetImages)
                    sheet.Add(profiled.Image);
                WriteSample(json, name, profiled, fitted.Fit.ExpressionNames, recipe =>
                {
                    DatasetJson.Source(recipe, "profile", source.ImagePath, face);
                    recipe.WriteNumber("yaw_degrees", yaw);
                    recipe.WriteNumber("pitch_degrees", pitch);
                    recipe.WriteNumber("seed", settings.Seed);
                });
                progress?.Report(k + 1);
            }
            sheetPath = DatasetJson.Finish(json, output, sheet);
        }
        return new ProfileRun(settings.Count, sources.Count(s => s.Faces is null || s.Faces.Count == 0), annotations, sheetPath);
    }

    /// <summary>The turn that takes a face at <paramref name="ownYaw"/> to a yaw drawn as <see cref="ProfileSettings.TargetYaw"/> says.</summary>
    internal static double TurnToward((double Low, double High) range, double ownYaw, Random rng)
    {
        double target = range.Low + rng.NextDouble() * (range.High - range.Low);
        if (rng.NextDouble() < 0.5)
            target = -target;
        double turn = target - ownYaw;
        return Math.Abs(turn) <= FaceProfiler.MaxAngleDegrees ? turn : Math.Clamp(-target - ownYaw, -FaceProfiler.MaxAngleDegrees, FaceProfiler.MaxAngleDegrees);
    }

    /// <summary>The fitted head's yaw in the annotations' pose convention, degrees.</summary>
    internal static double FittedYawDegrees(FitResult fit) =>
        Aflw2000Pose.FromTddfaRotation((PinholeCamera.ModelToCameraAxes * fit.Views[0].Camera.R * fit.Pose.Rotation).ToArray()).Yaw * 180 / Math.PI;

    /// <summary>The ICT vertices where the BFM places the 68 landmarks on this fitted face (a scaled orthographic fit of one photo).</summary>
    internal static int[] BfmLandmarks(IMorphableModel model, FitResult fit, Bfm3ddfa bfm)
    {
        var camera = fit.Views[0].Camera.R * fit.Pose.Rotation; // model frame to camera axes
        return IctBfm68.Place(model, fit.ModelVertices(model), bfm, camera.Transpose() * new Vec3(0, 0, 1)).Vertices;
    }

    /// <summary>The header of a profiled-photo annotations.json (profiles and clips), up to the opened samples array.</summary>
    internal static void WriteHeader(Utf8JsonWriter json, string dataset, int count, int seed)
    {
        json.WriteStartObject();
        json.WriteString("dataset", dataset);
        json.WriteNumber("count", count);
        json.WriteNumber("seed", seed);
        json.WriteString("coordinates", "image pixels, origin top-left, x right, y down; landmarks68_3d z = scale x height toward the viewer (same unit as x, y)");
        json.WriteString("landmarks", "the 68 landmarks as 3DDFA_V2's BFM places them (Multi-PIE semantics, fixed 3D vertices: the jaw points do not follow the silhouette), found on the fitted ICT mesh by fitting the BFM sparse model to its inner landmarks");
        json.WriteString("pose", DatasetJson.PoseDescription);
        json.WriteString("camera", "scaled orthographic: pixel = scale * (R X)_xy + (tx, ty), R row-major from the model frame to camera axes (x right, y down, z forward), X in ICT centimetres");
        json.WriteString("mesh", "the dense mesh is the ICT model evaluated at params.identity and params.expression, through the camera");
        json.WriteStartArray("samples");
    }

    /// <summary>One profiled image's sample; <paramref name="recipe"/> writes what made it (the recipe object is opened and closed here).</summary>
    internal static void WriteSample(Utf8JsonWriter json, string name, ProfiledFace p, IReadOnlyList<string> expressionNames, Action<Utf8JsonWriter> recipe)
    {
        json.WriteStartObject();
        json.WriteString("image", name);
        json.WriteStartArray("landmarks68_3d");
        foreach (var l in p.Landmarks68)
        {
            json.WriteStartArray();
            json.WriteNumberValue(Math.Round(l.X, 4));
            json.WriteNumberValue(Math.Round(l.Y, 4));
            json.WriteNumberValue(Math.Round(l.Z, 4));
            json.WriteEndArray();
        }
        json.WriteEndArray();
        DatasetJson.Pose(json, PinholeCamera.ModelToCameraAxes * p.Camera.R);
        json.WriteStartObject("camera");
        json.WriteString("kind", "scaled_orthographic");
        json.WriteNumber("scale", p.Camera.Scale);
        json.WriteNumber("tx", p.Camera.Tx);
        json.WriteNumber("ty", p.Camera.Ty);
        json.WritePropertyName("rotation");
        DatasetJson.Numbers(json, p.Camera.R.ToArray());
        json.WriteEndObject();
        DatasetJson.Params(json, p.Identity, p.Expression, expressionNames);
        json.WriteStartObject("recipe");
        recipe(json);
        json.WriteNumber("inpainted_fraction", p.FilledFraction);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
