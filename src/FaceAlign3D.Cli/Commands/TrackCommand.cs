using System.CommandLine;
using System.Globalization;
using FaceAlign3D.Export;
using FaceAlign3D.Pipeline;
using FaceAlign3D.Tracking;
using FaceAlign3D.Tracking.Filters;
using FaceAlign3D.Video;
using Spectre.Console;

namespace FaceAlign3D.Cli.Commands;

/// <summary>`facealign track`: follows faces through a video or an image folder and writes tracks, an overlay and a summary.</summary>
public static class TrackCommand
{
    public static Command Create(CliServices services)
    {
        var input = new Argument<string>("input") { Description = "video file (anything ffmpeg reads) or folder of images" };
        var aligner = new Option<string>("--aligner") { Description = "landmark aligner: tddfa (with FaceBoxes) | mediapipe (with BlazeFace)", DefaultValueFactory = _ => "tddfa" };
        var smooth = new Option<string>("--smooth") { Description = "temporal filter: none | oneeuro | kalman", DefaultValueFactory = _ => "kalman" };
        var detectEvery = new Option<int>("--detect-every") { Description = "run the detector every N frames (0: only when a face is lost or missing)", DefaultValueFactory = _ => new FaceTrackerOptions().DetectEvery };
        var outputDir = new Option<string?>("--output") { Description = "output folder (default: <input name>_track beside the current directory)" };
        var noVideo = new Option<bool>("--no-video") { Description = "skip the overlay video" };
        var fit = new Option<string?>("--fit") { Description = "sequence fitting with one identity per track: ict (blendshape weights per frame in tracks.jsonl)" };
        var sigma = new Option<string>("--sigma") { Description = "--fit landmark uncertainty: auto (the regressor's predicted sigmas when it has them, else uniform), uniform (1.5% of the landmark box diagonal), or pixels", DefaultValueFactory = _ => "auto" };
        var fps = new Option<double>("--fps") { Description = "frame rate of an image folder", DefaultValueFactory = _ => 25 };
        var threads = new Option<int>("--threads") { Description = "threads for the detector", DefaultValueFactory = _ => Math.Min(2, Environment.ProcessorCount) };
        var model = RegressorModelOption.Create();
        var command = new Command("track", "Track faces through a video: landmarks, pose, overlay video and summary")
        {
            input, aligner, smooth, detectEvery, outputDir, noVideo, fit, sigma, fps, threads, model,
        };
        var engine = new EngineOptions(command);
        command.SetAction(parse => Run(services, parse.GetValue(input)!, parse.GetValue(aligner)!, parse.GetValue(smooth)!, parse.GetValue(detectEvery),
            parse.GetValue(outputDir), parse.GetValue(noVideo), parse.GetValue(fit), parse.GetValue(sigma)!, parse.GetValue(fps), parse.GetValue(threads), parse.GetValue(model), engine.Engine(parse)));
        return command;
    }

    private static int Run(CliServices services, string input, string alignerName, string smoothing, int detectEvery, string? outputDir, bool noVideo, string? fit, string sigma, double fps, int threads, string? model, INetworkEngine engine)
    {
        try
        {
            if (fit is not null && !fit.Equals("ict", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"--fit {fit}: unknown fitter (available: ict)");
            var fitSigma = LandmarkSigma.Parse(sigma);
            var alignerKind = AnalyzerFactory.ParseAligner(alignerName);
            if (threads < 1)
                throw new ArgumentException("--threads must be at least 1");
            var options = new FaceTrackerOptions
            {
                DetectEvery = detectEvery,
                Smoothing = new SmoothingOptions { Method = SmoothingOptions.ParseMethod(smoothing) },
            };
            options.Validate();

            string folder = outputDir ?? Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(input)) + "_track";
            using IFrameSource source = Directory.Exists(input) ? ImageFolderSource.Open(input, fps) : FrameReader.Open(input);
            using var toolkit = FaceToolkit.Open(services.OpenStore(), new AnalyzerOptions { Aligner = alignerKind, TddfaRegressorPath = RegressorModelOption.Resolve(model, alignerKind, services.OpenStore), Engine = engine }, analyzers: 0, loadFaceModel: fit is not null);
            var settings = new TrackSettings
            {
                Tracker = options,
                Run = new TrackRunOptions { OutputDirectory = folder, WriteVideo = !noVideo },
                Fit = fit is not null,
                FitSigma = fitSigma,
                DetectorThreads = threads,
            };
            var summary = RunWithProgress(services, input, source, toolkit, settings);
            Print(services, summary);
            if (summary.FittedTracks is int fitted)
                services.Out.WriteLine($"  ICT fit of {fitted} track(s): blendshapes added to {TrackRun.JsonLinesName}; wrote {Path.Combine(folder, TrackFitWriter.IdentityFileName)}");
            return 0;
        }
        catch (Exception e) when (CliErrors.IsUserError(e))
        {
            return CliErrors.Report(services.Error, e);
        }
    }

    private static TrackSummary RunWithProgress(CliServices services, string input, IFrameSource source, FaceToolkit toolkit, TrackSettings settings)
    {
        if (Console.IsErrorRedirected || Console.IsOutputRedirected || !services.Ansi.Profile.Capabilities.Interactive)
            return toolkit.Track(input, source, settings);
        TrackSummary? summary = null;
        services.Ansi.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                int? total = source.Info.FrameCount;
                var task = context.AddTask(Path.GetFileName(Path.TrimEndingDirectorySeparator(input)), maxValue: total ?? 1);
                task.IsIndeterminate = total is null;
                summary = toolkit.Track(input, source, settings with { Run = settings.Run with { Progress = done => task.Value = total is null ? 0 : done } });
                task.Value = task.MaxValue;
            });
        return summary!;
    }

    private static void Print(CliServices services, TrackSummary s)
    {
        var c = CultureInfo.InvariantCulture;
        services.Out.WriteLine(string.Create(c, $"{s.Input}: {s.Frames} frames ({s.Width}x{s.Height} at {s.FrameRate:0.###} fps), {s.Tracks} track(s), {s.LostFrames} frame(s) without a face, {s.TrackLosses} track(s) lost, detector on {s.DetectorFrames} frame(s)"));
        foreach (var (stage, timing) in s.Stages)
            services.Out.WriteLine(string.Create(c, $"  {stage,-7} {timing.Seconds,8:F3} s  {timing.FramesPerSecond,9:F1} frames/s"));
        if (s.AlignerModelSha256 is { } sha256)
            services.Out.WriteLine($"  {AlignerModelChecksum.Describe(sha256)}");
        services.Out.WriteLine(string.Create(c, $"  tracking (detect + align + filter) {s.TrackingFramesPerSecond:F1} frames/s; total {s.WallSeconds:F2} s, {s.WallFramesPerSecond:F1} frames/s"));
        foreach (var output in s.Outputs)
            services.Out.WriteLine($"  wrote {output}");
    }
}
