using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FaceAlign3D.Export;
using FaceAlign3D.Pipeline;
using FaceAlign3D.Pipeline.Batches;
using FaceAlign3D.Tracking;
using FaceAlign3D.Tracking.Filters;
using FaceAlign3D.Video;
using Spectre.Console;

namespace FaceAlign3D.Cli.Commands;

/// <summary>
/// `facealign track`: follows faces through a video or an image folder and writes tracks, an overlay and a summary;
/// over several clips (a manifest, a folder of videos) it runs a resumable batch with a folder per clip.
/// </summary>
public static class TrackCommand
{
    public static Command Create(CliServices services)
    {
        var inputs = new Argument<string[]>("inputs") { Description = "video file (anything ffmpeg reads) or folder of images; several of them, a manifest (.txt, one per line) or a folder of videos make a batch", Arity = ArgumentArity.OneOrMore };
        var aligner = new Option<string>("--aligner") { Description = "landmark aligner: tddfa (with FaceBoxes) | mediapipe (with BlazeFace)", DefaultValueFactory = _ => "tddfa" };
        var smooth = new Option<string>("--smooth") { Description = "temporal filter: none | oneeuro | kalman", DefaultValueFactory = _ => "kalman" };
        var detectEvery = new Option<int>("--detect-every") { Description = "run the detector every N frames (0: only when a face is lost or missing)", DefaultValueFactory = _ => new FaceTrackerOptions().DetectEvery };
        var outputDir = new Option<string?>("--output") { Description = "output folder, in a batch holding a folder per clip (default: <input name>_track beside the current directory)" };
        var noVideo = new Option<bool>("--no-video") { Description = "skip the overlay video" };
        var fit = new Option<string?>("--fit") { Description = "sequence fitting with one identity per track: ict (blendshape weights per frame in tracks.jsonl)" };
        var sigma = new Option<string>("--sigma") { Description = "--fit landmark uncertainty: auto (the regressor's predicted sigmas when it has them, else uniform), uniform (1.5% of the landmark box diagonal), or pixels", DefaultValueFactory = _ => "auto" };
        var fps = new Option<double>("--fps") { Description = "frame rate of an image folder", DefaultValueFactory = _ => 25 };
        var threads = new Option<int>("--threads") { Description = "threads for the detector", DefaultValueFactory = _ => Math.Min(2, Environment.ProcessorCount) };
        var model = RegressorModelOption.Create();
        var resume = new Option<bool>("--resume") { Description = "batch: continue an interrupted run into the same --output, skipping the clips it finished" };
        var command = new Command("track", "Track faces through a video: landmarks, pose, overlay video and summary")
        {
            inputs, aligner, smooth, detectEvery, outputDir, noVideo, fit, sigma, fps, threads, model, resume,
        };
        var engine = new EngineOptions(command);
        command.SetAction(parse => Run(services, parse.GetValue(inputs)!, parse.GetValue(aligner)!, parse.GetValue(smooth)!, parse.GetValue(detectEvery),
            parse.GetValue(outputDir), parse.GetValue(noVideo), parse.GetValue(fit), parse.GetValue(sigma)!, parse.GetValue(fps), parse.GetValue(threads), parse.GetValue(model),
            engine.Engine(parse), parse.GetValue(resume)));
        return command;
    }

    private static int Run(CliServices services, string[] inputs, string alignerName, string smoothing, int detectEvery, string? outputDir, bool noVideo, string? fit, string sigma,
        double fps, int threads, string? model, INetworkEngine engine, bool resume)
    {
        try
        {
            var (clips, batch) = TrackInputs.Expand(inputs);
            if (clips.Count == 0)
                throw new ArgumentException($"{string.Join(", ", inputs)}: no videos or image folders to track");
            if (resume && !batch)
                throw new ArgumentException("--resume continues a batch (several clips, a manifest or a folder of videos)");
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

            string folder = outputDir ?? BatchFolder.StemOf(inputs[0]) + "_track";
            string? regressor = RegressorModelOption.Resolve(model, alignerKind, services.OpenStore);
            var settings = new TrackSettings
            {
                Tracker = options,
                Run = new TrackRunOptions { OutputDirectory = folder, WriteVideo = !noVideo },
                Fit = fit is not null,
                FitSigma = fitSigma,
                DetectorThreads = threads,
            };
            if (!(fps > 0) || double.IsInfinity(fps))
                throw new ArgumentException($"--fps must be positive, got {fps}");
            var batchSettings = new TrackBatchSettings { OutputFolder = folder, Track = settings, FolderFrameRate = fps, Resume = resume, ModelNote = $"aligner={alignerKind} model={regressor}" };
            var analyzer = new AnalyzerOptions { Aligner = alignerKind, TddfaRegressorPath = regressor, Engine = engine };
            if (batch)
                return RunBatch(services, clips, batchSettings, analyzer);

            string input = clips[0];
            using IFrameSource source = FrameSources.Open(input, fps);
            using var toolkit = FaceToolkit.Open(services.OpenStore(), analyzer, analyzers: 0, loadFaceModel: fit is not null);
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

    private static int RunBatch(CliServices services, List<string> clips, TrackBatchSettings settings, AnalyzerOptions analyzer)
    {
        var timer = Stopwatch.StartNew();
        using var batch = TrackBatch.Start(clips, settings);
        if (batch.Pending.Count > 0)
        {
            using var toolkit = FaceToolkit.Open(services.OpenStore(), analyzer, analyzers: 0, loadFaceModel: settings.Track.Fit);
            ParallelProgress.For(services, "tracking", batch.Pending.Count, workers: 1, i => batch.Process(batch.Pending[i], toolkit));
        }
        var results = batch.Finish();
        foreach (var failed in results.Where(r => r.Error is not null))
            services.Error.WriteLine($"{failed.File}: {failed.Error}");
        BatchSummaryTable.Print(services, results, timer.Elapsed, settings.OutputFolder, "clips", "tracks");
        return results.Any(r => r.Error is not null) ? CliErrors.SomeInputsFailed : 0;
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
