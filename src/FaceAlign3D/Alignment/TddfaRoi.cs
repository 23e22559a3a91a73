using System.Numerics;
using FaceAlign3D.Detection;
using FaceAlign3D.Imaging;

namespace FaceAlign3D.Alignment;

/// <summary>
/// The square regions 3DDFA_V2 crops around a face before regressing it (utils/functions.py of the original).
/// </summary>
internal static class TddfaRoi
{
    /// <summary>
    /// From a detector box: a square of side int(1.58 x mean box side), centred on the box centre moved down
    /// by 0.14 x mean side (the detector boxes sit high on the face).
    /// </summary>
    public static BoundingBox FromDetection(BoundingBox box)
    {
        double oldSize = (box.X2 - box.X1 + box.Y2 - box.Y1) / 2;
        double centerX = box.X2 - (box.X2 - box.X1) / 2.0;
        double centerY = box.Y2 - (box.Y2 - box.Y1) / 2.0 + oldSize * 0.14;
        double size = Math.Truncate(oldSize * 1.58);
        double x1 = centerX - size / 2, y1 = centerY - size / 2;
        return new BoundingBox(x1, y1, x1 + size, y1 + size);
    }

    /// <summary>
    /// From landmarks (tracking): the square around the landmarks' bounding box, grown to the length of that
    /// square's diagonal, same centre.
    /// </summary>
    public static BoundingBox FromLandmarks(IReadOnlyList<Vector2> landmarks)
    {
        if (landmarks.Count == 0)
            throw new ArgumentException("at least one landmark is needed", nameof(landmarks));
        float minX = float.MaxValue, minY = float.MaxValue, maxX = float.MinValue, maxY = float.MinValue;
        foreach (var p in landmarks)
        {
            if (!float.IsFinite(p.X) || !float.IsFinite(p.Y))
                throw new ArgumentException("landmarks must be finite", nameof(landmarks));
            minX = Math.Min(minX, p.X); maxX = Math.Max(maxX, p.X);
            minY = Math.Min(minY, p.Y); maxY = Math.Max(maxY, p.Y);
        }
        double cx = (minX + (double)maxX) / 2, cy = (minY + (double)maxY) / 2;
        double radius = Math.Max(maxX - (double)minX, maxY - (double)minY) / 2;
        double length = Math.Sqrt(2 * (2 * radius) * (2 * radius));
        double x1 = cx - length / 2, y1 = cy - length / 2;
        return new BoundingBox(x1, y1, x1 + length, y1 + length);
    }

    /// <summary>The integer crop rectangle 3DDFA_V2 cuts for a region: each edge rounded half to even (Python's round).</summary>
    public static PixelBox CropRectangle(BoundingBox roi) => PixelBox.FromRoi(roi.X1, roi.Y1, roi.X2, roi.Y2);
}
