using System.Numerics;
using FaceAlign3D.Detection;
using FaceAlign3D.Imaging;

namespace FaceAlign3D.Tracking;

/// <summary>
/// Asks the detector whether a tracked face is still there, cheaply: it looks only at a window around the
/// landmarks (twice their box, square), resized to a small fixed size, so the cost does not grow with the frame.
/// </summary>
internal static class LocalFaceCheck
{
    /// <summary>true when the detector finds a face overlapping the landmarks' box by at least <paramref name="minIou"/>.</summary>
    public static bool FaceIsThere(IFaceDetector detector, Image image, IReadOnlyList<Vector3> landmarks, int windowSize, double minIou)
    {
        var face = TrackedFace.BoxOf(landmarks);
        double side = 2 * Math.Max(face.Width, face.Height);
        int x1 = (int)Math.Floor(face.CenterX - side / 2), y1 = (int)Math.Floor(face.CenterY - side / 2);
        int length = Math.Max(1, (int)Math.Ceiling(side));
        var window = new PixelBox(x1, y1, x1 + length, y1 + length);
        var small = ImageResize.CropResize(image, window, windowSize, windowSize);
        double scale = (double)length / windowSize;
        foreach (var found in detector.Detect(small))
        {
            var box = new BoundingBox(x1 + found.Box.X1 * scale, y1 + found.Box.Y1 * scale, x1 + found.Box.X2 * scale, y1 + found.Box.Y2 * scale);
            if (box.IntersectionOverUnion(face) >= minIou)
                return true;
        }
        return false;
    }
}
