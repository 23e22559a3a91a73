using System.Text.Encodings.Web;
using System.Text.Json;
using FaceAlign3D.Tracking;

namespace FaceAlign3D.Export;

/// <summary>Writes a <see cref="TrackSummary"/> with the tracker settings as JSON (keys in docs/tracking.md).</summary>
internal static class TrackSummaryWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(string path, TrackSummary summary, FaceTrackerOptions tracker)
    {
        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream, Options);
        w.WriteStartObject();
        w.WriteString("input", summary.Input);
        w.WriteNumber("width", summary.Width);
        w.WriteNumber("height", summary.Height);
        w.WriteNumber("frame_rate", Math.Round(summary.FrameRate, 6));
        w.WriteNumber("frames", summary.Frames);
        w.WriteNumber("tracks", summary.Tracks);
        w.WriteNumber("lost_frames", summary.LostFrames);
        w.WriteNumber("track_losses", summary.TrackLosses);
        w.WriteNumber("detector_frames", summary.DetectorFrames);
        w.WriteString("smoothing", tracker.Smoothing.Method.ToString().ToLowerInvariant());
        w.WriteNumber("detect_every", tracker.DetectEvery);
        AlignerModelChecksum.Write(w, summary.AlignerModelSha256);
        w.WriteStartObject("stages");
        foreach (var (name, timing) in summary.Stages)
        {
            w.WriteStartObject(name);
            w.WriteNumber("seconds", Math.Round(timing.Seconds, 6));
            WriteRate(w, "frames_per_second", timing.FramesPerSecond);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        WriteRate(w, "tracking_frames_per_second", summary.TrackingFramesPerSecond);
        w.WriteNumber("wall_seconds", Math.Round(summary.WallSeconds, 6));
        WriteRate(w, "wall_frames_per_second", summary.WallFramesPerSecond);
        w.WriteStartArray("outputs");
        foreach (var output in summary.Outputs)
            w.WriteStringValue(Path.GetFileName(output));
        w.WriteEndArray();
        w.WriteEndObject();
    }

    // JSON has no infinity: a stage that took no measurable time gets null.
    private static void WriteRate(Utf8JsonWriter w, string name, double rate)
    {
        if (double.IsFinite(rate))
            w.WriteNumber(name, Math.Round(rate, 2));
        else
            w.WriteNull(name);
    }
}
