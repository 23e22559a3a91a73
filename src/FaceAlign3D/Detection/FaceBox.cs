using System.Numerics;

namespace FaceAlign3D.Detection;

/// <summary>
/// One detected face: its box in image pixels, the detector's score in [0, 1] and, for detectors that
/// give them, a few keypoints in image pixels (BlazeFace: right eye, left eye, nose tip, mouth, right ear, left ear,
/// "right"/"left" from the subject's point of view).
/// </summary>
public sealed record FaceBox(BoundingBox Box, float Score, IReadOnlyList<Vector2>? Keypoints = null)
{
    public FaceBox(double x1, double y1, double x2, double y2, float score, IReadOnlyList<Vector2>? keypoints = null)
        : this(new BoundingBox(x1, y1, x2, y2), score, keypoints)
    {
    }
}
