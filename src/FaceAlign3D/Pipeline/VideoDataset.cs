using System.Text.Json;
using FaceAlign3D.Alignment;
using FaceAlign3D.Fitting;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Morphable;
using FaceAlign3D.Synthesis;

namespace FaceAlign3D.Pipeline;

/// <summary>What `facealign synth video` makes.</summary>
internal sealed record VideoSettings
{
    /// <summary>Clips to write; they cycle over the source faces.</summary>
    public int Count { get; init; } = 1;

    /// <summary>Frames per clip.</summary>
    public int Frames { get; init; } = 48;

    /// <summary>Largest yaw swing, degrees; each clip draws its own between half this and this.</summary>
    public double MaxYaw { get; init; } = 45;

    public int Seed { get; init; }
}

/// <summary>The files a video run wrote.</summary>
internal sealed record VideoRun(int Clips, int Frames, string Annotations, string ContactSheet);

/// <summary>
/// Builds short clips from stills (3DDFA_V2 section 3.3, docs/synthesis.md): each source face is fitted once, then
/// every frame profiles the photo along a smooth <see cref="ClipMotion"/> (yaw and pitch, an expression change and
/// back, an in-plane roll, zoom and drift) with exact per-frame ground truth. Frames go to images/cNNNNNN/ (an image
/// folder `facealign track` reads) and annotations.json lists them all, laid out as the profile dataset's.
/// Deterministic for a seed.
/// </summary>
internal static class VideoDataset
{

    /// <exception cref="ArgumentException">bad settings or no face in the sources.</exception>
    public static VideoRun Run(FaceFitting fitting, Bfm3ddfa bfm, IReadOnlyList<SynthesisSource> sources, VideoSettings settings, string output, IProgress<int>? progress = null)
    {
        DatasetSettingsChecks.RequireCount(settings.Count);
        if (settings.Frames is < 2 or > 10_000)
            throw new ArgumentException($"--frames must lie within 2-10000, got {settings.Frames}");
        if (!(settings.MaxYaw >= 0 && settings.MaxYaw <= FaceProfiler.MaxAngleDegrees))
            throw new ArgumentException($"the yaw swing must lie within 0-{FaceProfiler.MaxAngleDegrees} degrees, got {settings.MaxYaw}");
        var faces = SynthesisSources.Faces(sources, "to make a clip of");
        var fitter = fitting.FitterFor(AlignmentLayout.Tddfa68, pinhole: false);
        var profiler = new FaceProfiler(fitting.Model);
        var sampler = new IctFaceSampler(fitting.Model, settings.Seed);
        var sheet = new List<Image>();
        string annotations = Path.Combine(output, "annotations.json");
        Directory.CreateDirectory(output);
        string sheetPath;
        using (var stream = File.Create(annotations))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            ProfileDataset.WriteHeader(json, "facealign synth video", settings.Count * settings.Frames, settings.Seed);
            for (int clip = 0; clip < settings.Count; clip++)
            {
                var (source, face, points) = faces[clip % faces.Count];
                var photo = FaceToolkit.LoadImage(source.ImagePath);
                var fit = fitter.FitImage(LandmarkObservation.WithUniformSigma(points), ViewCamera.Orthographic());
                var landmarks = ProfileDataset.BfmLandmarks(fitting.Model, fit, bfm);
                var target = sampler.Expression(new FaceSampling());
                var motion = new ClipMotion(new Random(settings.Seed * 7919 + clip), settings.MaxYaw, Math.Max(photo.Width, photo.Height));
                string folder = $"c{clip:D6}";
                Directory.CreateDirectory(Path.Combine(output, "images", folder));
                for (int frame = 0; frame < settings.Frames; frame++)
                {
                    var pose = motion.At(frame, settings.Frames);
                    var expression = fit.Expression.Select((e, j) => (1 - pose.ExpressionBlend) * e + pose.ExpressionBlend * target[j]).ToArray();
                    var profiled = pose.InPlane.Apply(profiler.Profile(photo, fit, pose.YawDegrees, pose.PitchDegrees, expression, landmarks));
                    string name = $"{folder}/{frame:D6}.png";
                    ImageEncoder.SavePng(profiled.Image, Path.Combine(output, "images", name));
                    if (sheet.Count < DatasetJson.SheetImages && frame % Math.Max(1, settings.Frames / 6) == 0)
                        sheet.Add(profiled.Image);
                    ProfileDataset.WriteSample(json, name, profiled, fit.ExpressionNames, recipe =>
                    {
                        DatasetJson.Source(recipe, "video", source.ImagePath, face);
                        recipe.WriteNumber("clip", clip);
                        recipe.WriteNumber("frame", frame);
                        recipe.WriteNumber("yaw_degrees", pose.YawDegrees);
                        recipe.WriteNumber("pitch_degrees", pose.PitchDegrees);
                        recipe.WriteNumber("roll_degrees", pose.InPlane.RollRadians * 180 / Math.PI);
                        recipe.WriteNumber("zoom", pose.InPlane.Zoom);
                        recipe.WriteNumber("shift_x", pose.InPlane.Dx);
                        recipe.WriteNumber("shift_y", pose.InPlane.Dy);
                        recipe.WriteNumber("expression_blend", pose.ExpressionBlend);
                        recipe.WriteNumber("seed", settings.Seed);
                    });
                }
                progress?.Report(clip + 1);
            }
            sheetPath = DatasetJson.Finish(json, output, sheet);
        }
        return new VideoRun(settings.Count, settings.Count * settings.Frames, annotations, sheetPath);
    }
}
