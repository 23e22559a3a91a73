using System.Numerics;
using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;

namespace FaceAlign3D.Tracking;

/// <summary>How a tracked face was located in a frame.</summary>
public enum TrackSource
{
    /// <summary>Aligned from a detector box (a track's first frame, or a lost face found again by the detector).</summary>
    Detection,

    /// <summary>Aligned from the region of the track's landmarks in the previous frame.</summary>
    Propagation,
}

/// <summary>
/// One face of a track in one frame. <see cref="Landmarks"/> and <see cref="Pose"/> are the temporally filtered
/// values (equal to <see cref="Raw"/>'s when smoothing is off); <see cref="Box"/> is the x,y box of
/// <see cref="Landmarks"/>.
/// </summary>
public sealed record TrackedFace(
    int TrackId,
    int FrameInTrack,
    TrackSource Source,
    BoundingBox Box,
    IReadOnlyList<Vector3> Landmarks,
    HeadPose Pose,
    FaceAlignment Raw)
{
    /// <summary>The axis-aligned x,y box of a set of landmarks.</summary>
    public static BoundingBox BoxOf(IReadOnlyList<Vector3> landmarks)
    {
        float minX = float.MaxValue, minY = float.MaxValue, maxX = float.MinValue, maxY = float.MinValue;
        foreach (var p in landmarks)
        {
            minX = Math.Min(minX, p.X); maxX = Math.Max(maxX, p.X);
            minY = Math.Min(minY, p.Y); maxY = Math.Max(maxY, p.Y);
        }
        return new BoundingBox(minX, minY, maxX, maxY);
    }
}

/// <summary>Time spent in each tracking stage for one frame.</summary>
public readonly record struct TrackingTimes(TimeSpan Detect, TimeSpan Align, TimeSpan Filter)
{
    public static TrackingTimes operator +(TrackingTimes a, TrackingTimes b) => new(a.Detect + b.Detect, a.Align + b.Align, a.Filter + b.Filter);
}

/// <summary>
/// The tracker's answer for one frame: the faces it follows, the ids of the tracks that ended in this frame
/// (their face was lost), and whether the detector ran.
/// </summary>
public sealed record TrackedFrame(int Index, double Time, IReadOnlyList<TrackedFace> Faces, IReadOnlyList<int> EndedTracks, bool DetectorRan, TrackingTimes Times);
