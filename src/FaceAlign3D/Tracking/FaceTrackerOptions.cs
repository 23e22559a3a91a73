using FaceAlign3D.Tracking.Filters;

namespace FaceAlign3D.Tracking;

/// <summary>Policy of <see cref="FaceTracker"/>; see docs/tracking.md.</summary>
public sealed record FaceTrackerOptions
{
    /// <summary>
    /// Run the detector every this many frames even when every track propagates well, to pick up faces that
    /// enter and to confirm the tracked ones; 0 detects only when needed (first frame, no track, a track failing).
    /// </summary>
    public int DetectEvery { get; init; } = 30;

    /// <summary>
    /// Between detector frames, every this many frames check that each tracked face is still there by running the
    /// detector on a small window around it (<see cref="VerifyWindow"/>); a failed check triggers a full detection.
    /// This ends tracks on frames without faces quickly, since the regressor always answers with some face. 0 turns it off.
    /// </summary>
    public int VerifyEvery { get; init; } = 5;

    /// <summary>Side in pixels the verification window (twice the face) is resized to.</summary>
    public int VerifyWindow { get; init; } = 128;

    /// <summary>Least IoU between a track's landmark box and a detector box for them to be the same face.</summary>
    public double MatchIou { get; init; } = 0.3;

    /// <summary>Smallest face (mean side of the landmark box, pixels) a track may shrink to before it counts as lost.</summary>
    public double MinFaceSize { get; init; } = 12;

    /// <summary>Largest change of face size between consecutive frames (factor either way) before the landmarks count as collapsed.</summary>
    public double MaxSizeChange { get; init; } = 1.6;

    /// <summary>Least fraction of the landmarks inside the image for a face to stay tracked.</summary>
    public double MinInsideFraction { get; init; } = 0.5;

    /// <summary>Temporal filtering of each track's landmarks and pose.</summary>
    public SmoothingOptions Smoothing { get; init; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> for values outside their range.</summary>
    public void Validate()
    {
        if (DetectEvery < 0)
            throw new ArgumentException($"detect-every must be 0 or more, got {DetectEvery}");
        if (VerifyEvery < 0 || VerifyWindow < 32)
            throw new ArgumentException($"verify-every must be 0 or more and the verify window at least 32 px, got {VerifyEvery} and {VerifyWindow}");
        if (!(MatchIou > 0 && MatchIou <= 1))
            throw new ArgumentException($"match IoU must be in (0, 1], got {MatchIou}");
        if (!(MinFaceSize >= 0) || !(MaxSizeChange > 1) || !(MinInsideFraction >= 0 && MinInsideFraction <= 1))
            throw new ArgumentException("face size, size change and inside fraction limits are out of range");
    }
}
