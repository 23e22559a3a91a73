using System.Diagnostics;
using FaceAlign3D.Export;
using FaceAlign3D.Tracking;
using FaceAlign3D.Video;

namespace FaceAlign3D.Pipeline;

/// <summary>Where and what a tracking run writes.</summary>
public sealed record TrackRunOptions
{
    /// <summary>Folder for tracks.jsonl, tracks.csv, overlay.mp4 and summary.json (created when missing).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Write the overlay video (the slowest output: drawing and H.264 encoding).</summary>
    public bool WriteVideo { get; init; } = true;

    /// <summary>Where to look for ffmpeg instead of FACEALIGN3D_FFMPEG_DIR and PATH.</summary>
    public IReadOnlyList<string>? FfmpegDirectories { get; init; }

    /// <summary>Called after each frame with the number of frames done.</summary>
    public Action<int>? Progress { get; init; }
}

/// <summary>The tracking loop: runs a <see cref="FaceTracker"/> over a frame source and writes every output of `facealign track`.</summary>
internal static class TrackRun
{
    public const string JsonLinesName = "tracks.jsonl";
    public const string CsvName = "tracks.csv";
    public const string VideoName = "overlay.mp4";
    public const string SummaryName = "summary.json";

    /// <summary>Frame rate of the overlay when the source does not know its own.</summary>
    public const double FallbackFrameRate = 25;

    /// <param name="input">The input's name, recorded in the summary.</param>
    /// <param name="source">Frames to track (a video or an image folder).</param>
    /// <param name="tracker">A fresh tracker for this sequence.</param>
    /// <param name="options">Output folder and switches.</param>
    /// <param name="cancellation">Stops between frames.</param>
    /// <param name="fitter">The tracker's face-model fitter, if it has one: each face's fit goes into tracks.jsonl and the identities into tracks.fit.json.</param>
    /// <param name="alignerModelSha256">The aligner's model file checksum, recorded in the summary (null: none).</param>
    /// <exception cref="VideoException">The input cannot be decoded, has no frames, or the overlay cannot be encoded.</exception>
    public static TrackSummary Run(string input, IFrameSource source, FaceTracker tracker, TrackRunOptions options, CancellationToken cancellation = default,
        IctTrackFitter? fitter = null, string? alignerModelSha256 = null)
    {
        Directory.CreateDirectory(options.OutputDirectory);
        string jsonPath = Path.Combine(options.OutputDirectory, JsonLinesName);
        string csvPath = Path.Combine(options.OutputDirectory, CsvName);
        string videoPath = Path.Combine(options.OutputDirectory, VideoName);
        double frameRate = source.Info.FrameRate > 0 ? source.Info.FrameRate : FallbackFrameRate;

        long wallStart = Stopwatch.GetTimestamp();
        TimeSpan decode = TimeSpan.Zero, encode = TimeSpan.Zero;
        var tracking = new TrackingTimes();
        int frames = 0, lostFrames = 0, losses = 0, detectorFrames = 0;
        var trackIds = new HashSet<int>();
        // With a fitter the frames wait for the fits, which are known only when their tracks end.
        var pending = new List<TrackedFrame>();
        FrameWriter? writer = null;
        try
        {
            using var json = new TrackJsonLinesWriter(jsonPath);
            using var csv = new TrackCsvWriter(csvPath);
            using var frameEnumerator = source.ReadFrames(cancellation).GetEnumerator();
            while (true)
            {
                long start = Stopwatch.GetTimestamp();
                if (!frameEnumerator.MoveNext())
                    break;
                decode += Stopwatch.GetElapsedTime(start);
                var frame = frameEnumerator.Current;

                var tracked = tracker.Process(frame.Image, frame.Time);
                tracking += tracked.Times;
                frames++;
                detectorFrames += tracked.DetectorRan ? 1 : 0;
                lostFrames += tracked.Faces.Count == 0 ? 1 : 0;
                losses += tracked.EndedTracks.Count;
                foreach (var face in tracked.Faces)
                    trackIds.Add(face.TrackId);
                if (fitter is null)
                    json.Add(tracked);
                else
                    pending.Add(tracked);
                csv.Add(tracked);

                if (options.WriteVideo)
                {
                    start = Stopwatch.GetTimestamp();
                    var overlay = TrackOverlayRenderer.Render(frame.Image, tracked);
                    writer ??= FrameWriter.Create(videoPath, overlay.Width, overlay.Height, frameRate, ffmpegDirectories: options.FfmpegDirectories);
                    writer.Write(overlay);
                    encode += Stopwatch.GetElapsedTime(start);
                }
                options.Progress?.Invoke(frames);
            }
            if (frames == 0)
                throw new VideoException($"{input}: no frames to track");
            tracker.Finish();
            if (fitter is not null)
                WriteFits(json, pending, fitter.Completed, Path.Combine(options.OutputDirectory, TrackFitWriter.IdentityFileName));
            if (writer is not null)
            {
                long start = Stopwatch.GetTimestamp();
                writer.Close();
                encode += Stopwatch.GetElapsedTime(start);
            }
        }
        finally
        {
            writer?.Dispose();
        }

        double wall = Stopwatch.GetElapsedTime(wallStart).TotalSeconds;
        var stages = new Dictionary<string, StageTiming>
        {
            ["decode"] = Timing(decode, frames),
            ["detect"] = Timing(tracking.Detect, frames),
            ["align"] = Timing(tracking.Align, frames),
            ["filter"] = Timing(tracking.Filter, frames),
        };
        if (options.WriteVideo)
            stages["encode"] = Timing(encode, frames);
        var outputs = new List<string> { jsonPath, csvPath };
        if (options.WriteVideo)
            outputs.Add(videoPath);
        string summaryPath = Path.Combine(options.OutputDirectory, SummaryName);
        outputs.Add(summaryPath);
        var summary = new TrackSummary(input, source.Info.Width, source.Info.Height, frameRate, frames, trackIds.Count, lostFrames, losses, detectorFrames,
            stages, Timing(tracking.Detect + tracking.Align + tracking.Filter, frames).FramesPerSecond, wall, frames / wall, outputs)
        {
            AlignerModelSha256 = alignerModelSha256,
        };
        TrackSummaryWriter.Write(summaryPath, summary, tracker.Options);
        return summary with { Fits = fitter?.Completed.ToArray() };
    }

    private static void WriteFits(TrackJsonLinesWriter json, List<TrackedFrame> frames, IReadOnlyList<TrackFit> fits, string identityPath)
    {
        var byTrack = fits.ToDictionary(f => f.TrackId, f => f.Result.Frames);
        foreach (var frame in frames)
            json.Add(frame, face => byTrack.TryGetValue(face.TrackId, out var fit) && face.FrameInTrack < fit.Length ? fit[face.FrameInTrack] : null);
        TrackFitWriter.WriteIdentities(identityPath, fits);
    }

    private static StageTiming Timing(TimeSpan time, int frames) =>
        new(time.TotalSeconds, time > TimeSpan.Zero ? frames / time.TotalSeconds : double.PositiveInfinity);
}
