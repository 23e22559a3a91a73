using System.Numerics;
using FaceAlign3D.Detection;
using Region = FaceAlign3D.Detection.BlazeFaceImageToTensor.Region;

namespace FaceAlign3D.Alignment;

/// <summary>
/// The face crop of MediaPipe's face_landmark_front graph: the box (from a detection, or the extent of the
/// previous landmarks when tracking) rotated so the line between two reference points is horizontal
/// (DetectionsToRectsCalculator, target angle 0), then made square on its longer side and scaled by 1.5
/// (RectTransformationCalculator). All in image pixels.
/// </summary>
internal static class MediaPipeFaceMeshRoi
{
    public const double Scale = 1.5;
    /// <summary>Landmarks whose line sets the rotation when tracking: outer corners of the eyes (33 on the image left of a frontal face, 263 on the right).</summary>
    public const int RotationStartLandmark = 33, RotationEndLandmark = 263;

    /// <summary>From a BlazeFace detection: rotation from keypoint 0 (right eye, image left) to keypoint 1 (left eye).</summary>
    public static Region FromDetection(FaceBox face)
    {
        if (face.Keypoints is not { Count: >= 2 } k)
            throw new ArgumentException("the face mesh crop needs a detection with the two eye keypoints (BlazeFace)", nameof(face));
        return Build(face.Box, k[0], k[1]);
    }

    /// <summary>From the 468 landmarks of the previous frame: their bounding box, rotation from landmark 33 to 263.</summary>
    public static Region FromLandmarks(IReadOnlyList<Vector2> landmarks)
    {
        if (landmarks.Count <= RotationEndLandmark)
            throw new ArgumentException($"tracking the face mesh needs its 468 landmarks, got {landmarks.Count}", nameof(landmarks));
        var box = new BoundingBox(landmarks.Min(p => p.X), landmarks.Min(p => p.Y), landmarks.Max(p => p.X), landmarks.Max(p => p.Y));
        return Build(box, landmarks[RotationStartLandmark], landmarks[RotationEndLandmark]);
    }

    private static Region Build(BoundingBox box, Vector2 start, Vector2 end)
    {
        // The rotation that brings start -> end onto the image's x axis (y grows downward, hence the minus).
        double rotation = NormalizeRadians(0 - Math.Atan2(-(end.Y - start.Y), end.X - start.X));
        double side = Math.Max(box.Width, box.Height) * Scale;
        var region = new Region(box.CenterX, box.CenterY, side, side, rotation);
        if (!double.IsFinite(region.CenterX + region.CenterY + side + rotation) || !(side > 0))
            throw new ArgumentException($"the face region from box {box} is empty or not finite");
        return region;
    }

    private static double NormalizeRadians(double angle) => angle - 2 * Math.PI * Math.Floor((angle + Math.PI) / (2 * Math.PI));

    /// <summary>The axis-aligned box enclosing a rotated region.</summary>
    public static BoundingBox Bounds(Region region)
    {
        Span<Vector2> corners = [region.ToImage(0, 0), region.ToImage(1, 0), region.ToImage(0, 1), region.ToImage(1, 1)];
        float x1 = float.MaxValue, y1 = float.MaxValue, x2 = float.MinValue, y2 = float.MinValue;
        foreach (var c in corners)
        {
            x1 = Math.Min(x1, c.X); y1 = Math.Min(y1, c.Y);
            x2 = Math.Max(x2, c.X); y2 = Math.Max(y2, c.Y);
        }
        return new BoundingBox(x1, y1, x2, y2);
    }
}
