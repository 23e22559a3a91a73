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
        if (!(MatchIou > 0 && MatchIou <= 1))
            throw new ArgumentException($"match IoU must be in (0, 1], got {MatchIou}");
        if (!(MinFaceSize >= 0) || !(MaxSizeChange > 1) || !(MinInsideFraction >= 0 && MinInsideFraction <= 1))
            throw new ArgumentException("face size, size change and inside fraction limits are out of range");
    }
}
