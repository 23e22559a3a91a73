namespace FaceAlign3D.Tracking;

/// <summary>Seconds spent in one stage over the run, and the frame rate that stage alone would allow.</summary>
public sealed record StageTiming(double Seconds, double FramesPerSecond);

/// <summary>
/// What a tracking run did: frames, tracks started, frames without any tracked face, tracks lost before the end,
/// frames the detector ran on, and time per stage (decode, detect, align, filter, encode).
/// <see cref="TrackingFramesPerSecond"/> counts detect + align + filter only.
/// </summary>
public sealed record TrackSummary(
    string Input,
    int Width,
    int Height,
    double FrameRate,
    int Frames,
    int Tracks,
    int LostFrames,
    int TrackLosses,
    int DetectorFrames,
    IReadOnlyDictionary<string, StageTiming> Stages,
    double TrackingFramesPerSecond,
    double WallSeconds,
    double WallFramesPerSecond,
    IReadOnlyList<string> Outputs)
{
    /// <summary>SHA-256 of the aligner's model file (tddfa's regressor); null for aligners without one.</summary>
    public string? AlignerModelSha256 { get; init; }

    /// <summary>Each track's face-model fit, one result per frame of the track (null when the run did not fit).</summary>
    public IReadOnlyList<TrackFit>? Fits { get; init; }

    /// <summary>Tracks fitted with the face model (null when the run did not fit).</summary>
    public int? FittedTracks => Fits?.Count;
}
