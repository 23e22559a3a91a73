using System.CommandLine;
using FaceAlign3D.Models;
using FaceAlign3D.Morphable;
using FaceAlign3D.Pipeline;
using FaceAlign3D.Video;

namespace FaceAlign3D.Cli.Commands;

/// <summary>`facealign synth profile|multiview|video|ict|multiview-clip`: datasets rendered with exact ground truth (docs/synthesis.md).</summary>
public static class SynthCommand
{
    public static Command Create(CliServices services)
    {
        var from = new Option<string>("--from") { Description = "an align JSON, or a folder of images (iBUG .pts beside an image are used; other images are aligned first)", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "output folder", Required = true };
        var yaw = new Option<double?>("--yaw") { Description = "yaw in degrees (default: uniform in [-75, 75] per sample)" };
        var pitch = new Option<double?>("--pitch") { Description = "pitch in degrees (default: uniform in [-15, 15] per sample)" };
        var count = new Option<int>("--count") { Description = "samples to write (cycling over the source faces)", DefaultValueFactory = _ => 1 };
        var seed = new Option<int>("--seed") { Description = "seed of the sampled angles", DefaultValueFactory = _ => 0 };
        var folds = new Option<int>("--folds") { Description = "with a folder: read its .pts tree as the ibug training reader does and leave out one fold (default: no folds)" };
        var holdout = new Option<int>("--holdout-fold") { Description = "the fold left out with --folds (face i is in fold i % folds)" };
        var targetYaw = new Option<double[]>("--target-yaw")
        {
            Description = "LOW HIGH: draw the yaw each face ends at (|yaw| uniform in [LOW, HIGH] degrees, random side), turned from the photo's own",
            Arity = new ArgumentArity(2, 2),
            AllowMultipleArgumentsPerToken = true,
        };
        var profileViews = new Option<int?>("--views") { Description = "profile each face to this many yaws as calibrated views (views/*.json for fit --views); --count then counts faces and --yaw is the centre of the span" };
        var profileSpan = new Option<double>("--span") { Description = "with --views: yaw from the first view to the last, degrees", DefaultValueFactory = _ => 60 };
        var profile = new Command("profile", "Turn the faces of photos by a yaw and pitch (3D face profiling): images, annotations.json, contact_sheet.png")
        {
            from, output, yaw, targetYaw, pitch, count, seed, folds, holdout, profileViews, profileSpan,
        };
        profile.SetAction(parse => parse.GetValue(profileViews) is { } viewCount
            ? RunProfileViews(services, Sources(parse, from, folds, holdout), parse.GetValue(output)!, new ProfileMultiViewSettings
            {
                Views = viewCount,
                SpanDegrees = parse.GetValue(profileSpan),
                CentreYaw = parse.GetValue(yaw),
                Pitch = parse.GetValue(pitch),
                Count = parse.GetValue(count),
                Seed = parse.GetValue(seed),
            })
            : RunProfile(services, Sources(parse, from, folds, holdout), parse.GetValue(output)!, new ProfileSettings
            {
                Yaw = parse.GetValue(yaw),
                TargetYaw = parse.GetValue(targetYaw) is [var low, var high] ? (low, high) : null,
                Pitch = parse.GetValue(pitch),
                Count = parse.GetValue(count),
                Seed = parse.GetValue(seed),
            }));
        var backgrounds = new Option<string?>("--from") { Description = "a folder of photos drawn behind the heads (default: plain grey)" };
        var views = new Option<int>("--views") { Description = "cameras per face", DefaultValueFactory = _ => 3 };
        var span = new Option<double>("--span") { Description = "yaw from the first camera to the last, degrees", DefaultValueFactory = _ => 70 };
        var size = new Option<int>("--size") { Description = "image side, pixels", DefaultValueFactory = _ => 512 };
        var multiview = new Command("multiview", "ICT faces with sampled identity, expression, pose and light seen by a calibrated camera rig: images, views/*.json for fit --views, annotations.json")
        {
            backgrounds, output, count, views, span, size, seed,
        };
        multiview.SetAction(parse => RunMultiView(services, parse.GetValue(backgrounds), parse.GetValue(output)!, new MultiViewSettings
        {
            Count = parse.GetValue(count),
            Views = parse.GetValue(views),
            SpanDegrees = parse.GetValue(span),
            Size = parse.GetValue(size),
            Seed = parse.GetValue(seed),
        }));
        var frames = new Option<int>("--frames") { Description = "frames per clip", DefaultValueFactory = _ => 48 };
        var maxYaw = new Option<double>("--yaw") { Description = "largest yaw swing, degrees (each clip draws between half this and this)", DefaultValueFactory = _ => 45 };
        var video = new Command("video", "Short clips from stills with smooth head motion and an expression change, exact ground truth per frame: images/cNNNNNN/ frame folders, annotations.json")
        {
            from, output, count, frames, maxYaw, seed, folds, holdout,
        };
        video.SetAction(parse => RunVideo(services, Sources(parse, from, folds, holdout), parse.GetValue(output)!, new VideoSettings
        {
            Count = parse.GetValue(count),
            Frames = parse.GetValue(frames),
            MaxYaw = parse.GetValue(maxYaw),
            Seed = parse.GetValue(seed),
        }));
        var ict = new Command("ict", "Textured ICT faces (texture from the photos, sampled identity, expression, pose and light) over the photos: images, annotations.json, contact_sheet.png")
        {
            from, output, count, size, seed, folds, holdout,
        };
        ict.SetAction(parse => RunIct(services, Sources(parse, from, folds, holdout), parse.GetValue(output)!, new IctSettings
        {
            Count = parse.GetValue(count),
            Size = parse.GetValue(size),
            Seed = parse.GetValue(seed),
        }));
        var clip = new Argument<string>("video") { Description = "a video whose first column stacks synchronised views of one person, top to bottom" };
        var viewWidth = new Option<int>("--view-width") { Description = "width of that column, pixels", DefaultValueFactory = _ => 247 };
        var multiviewClip = new Command("multiview-clip", "Cut an uncalibrated multi-view video into a multi-view set: a group per frame, unlabeled views, affine cameras estimated from the aligned landmarks")
        {
            clip, output, views, viewWidth,
        };
        multiviewClip.SetAction(parse => RunMultiViewClip(services, parse.GetValue(clip)!, parse.GetValue(output)!, new MultiViewClipSettings
        {
            Views = parse.GetValue(views),
            ViewWidth = parse.GetValue(viewWidth),
        }));
        return new Command("synth", "Synthesise datasets with exact ground truth by rendering") { profile, multiview, video, ict, multiviewClip };
    }

    private static int RunMultiView(CliServices services, string? backgrounds, string output, MultiViewSettings settings)
    {
        try
        {
            var photos = backgrounds is null ? [] : SynthesisSources.Images(backgrounds);
            var fitting = FaceFitting.Load(services.OpenStore());
            var run = EvalConsole.WithProgress(services, "multiview", settings.Count, progress => MultiViewDataset.Run(fitting.Model, photos, settings, output, progress));
            services.Out.WriteLine($"{run.Faces} faces, {run.Images} images -> {run.Annotations}; views in {Path.Combine(output, MultiViewDataset.ViewsFolder)}; contact sheet {run.ContactSheet}");
            return 0;
        }
        catch (Exception e) when (CliErrors.IsUserError(e))
        {
            return CliErrors.Report(services.Error, e);
        }
    }

    private static int RunMultiViewClip(CliServices services, string video, string output, MultiViewClipSettings settings)
    {
        try
        {
            using var source = FrameReader.Open(video);
            using var toolkit = FaceToolkit.Open(services.OpenStore());
            var run = EvalConsole.WithProgress(services, "frames", source.Info.FrameCount ?? 0, progress => MultiViewClipDataset.Run(toolkit, source, video, settings, output, progress));
            services.Out.WriteLine($"{run.FramesRead} frames: {run.Groups} groups of {settings.Views} views -> {run.Annotations}; {run.WithoutFace} frames without a face in every view, {run.Outliers} left out as far from the rig");
            services.Out.WriteLine($"rig: affine cameras, rms residual {run.Rig.RmsResidual:F2} px (views {string.Join(" / ", run.Rig.ViewRmsResidual.Select(r => r.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))})");
            return 0;
        }
        catch (Exception e) when (CliErrors.IsUserError(e))
        {
            return CliErrors.Report(services.Error, e);
        }
    }

    private static int RunProfile(CliServices services, SourceChoice from, string output, ProfileSettings settings) =>
        WithSources(services, from, (toolkit, bfm, sources) =>
        {
            var run = EvalConsole.WithProgress(services, "profile", settings.Count, progress => ProfileDataset.Run(toolkit.Fitting, bfm, sources, settings, output, progress));
            services.Out.WriteLine($"{run.Samples} samples -> {run.Annotations}; contact sheet {run.ContactSheet}" +
                (run.SkippedSources > 0 ? $"; {run.SkippedSources} source images without a face" : ""));
        });

    private static int RunProfileViews(CliServices services, SourceChoice from, string output, ProfileMultiViewSettings settings) =>
        WithSources(services, from, (toolkit, bfm, sources) =>
        {
            var run = EvalConsole.WithProgress(services, "profile views", settings.Count, progress => ProfileMultiViewDataset.Run(toolkit.Fitting, bfm, sources, settings, output, progress));
            services.Out.WriteLine($"{run.Groups} faces, {run.Images} images -> {run.Annotations}; views in {Path.Combine(output, MultiViewDataset.ViewsFolder)}; contact sheet {run.ContactSheet}" +
                (run.SkippedSources > 0 ? $"; {run.SkippedSources} source images without a face" : ""));
        });

    private static int RunVideo(CliServices services, SourceChoice from, string output, VideoSettings settings) =>
        WithSources(services, from, (toolkit, bfm, sources) =>
        {
            var run = EvalConsole.WithProgress(services, "video", settings.Count, progress => VideoDataset.Run(toolkit.Fitting, bfm, sources, settings, output, progress));
            services.Out.WriteLine($"{run.Clips} clips, {run.Frames} frames -> {run.Annotations}; contact sheet {run.ContactSheet}");
        });

    private static int RunIct(CliServices services, SourceChoice from, string output, IctSettings settings) =>
        WithSources(services, from, (toolkit, bfm, sources) =>
        {
            var run = EvalConsole.WithProgress(services, "ict", settings.Count, progress => IctDataset.Run(toolkit.Fitting, bfm, sources, settings, output, progress));
            services.Out.WriteLine($"{run.Images} images ({run.Textures} textures) -> {run.Annotations}; contact sheet {run.ContactSheet}");
        });

    /// <summary>Where the sources come from: --from, and the fold left out of it (Folds 0: none).</summary>
    private sealed record SourceChoice(string From, int Folds, int Holdout);

    private static SourceChoice Sources(ParseResult parse, Option<string> from, Option<int> folds, Option<int> holdout) =>
        new(parse.GetValue(from)!, parse.GetValue(folds), parse.GetValue(holdout));

    /// <summary>Reads --from, aligns the photos without landmarks, and runs <paramref name="make"/> with the toolkit (its face model loaded) and the BFM whose landmark layout the annotations follow.</summary>
    private static int WithSources(CliServices services, SourceChoice from, Action<FaceToolkit, Bfm3ddfa, IReadOnlyList<SynthesisSource>> make)
    {
        try
        {
            var sources = from.Folds == 0 && from.Holdout == 0 ? SynthesisSources.Read(from.From)
                : SynthesisSources.ReadOutsideFold(from.From, from.Folds, from.Holdout);
            bool align = sources.Any(s => s.Faces is null);
            var store = services.OpenStore();
            using var toolkit = FaceToolkit.Open(store, analyzers: align ? 1 : 0, loadFaceModel: true);
            if (align)
                sources = SynthesisSources.AlignMissing(toolkit, sources);
            make(toolkit, Bfm3ddfa.Load(store.PathOf(ModelFiles.Bfm3ddfa)), sources);
            return 0;
        }
        catch (Exception e) when (CliErrors.IsUserError(e))
        {
            return CliErrors.Report(services.Error, e);
        }
    }
}
