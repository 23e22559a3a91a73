using System.Globalization;
using System.Numerics;
using FaceAlign3D.Alignment;
using FaceAlign3D.Imaging.Draw;
using FaceAlign3D.Imaging;

namespace FaceAlign3D.Export;

/// <summary>
/// Draws an analysis over a copy of its image: the dense mesh as a faint wireframe (front-facing triangles
/// only; for MediaPipe the 468-point mesh), the detector box with its score, the 68 landmarks (MediaPipe's
/// through <see cref="FaceLandmarks68"/>), and the head-pose axes at the nose tip
/// (red: the face's left-to-right axis, green: up, blue: out of the face).
/// </summary>
internal static class OverlayRenderer
{
    private static readonly Color BoxColor = new(255, 200, 0);
    private static readonly Color LandmarkColor = new(0, 255, 120);
    private static readonly Color MeshColor = new(80, 170, 255, 70);

    public static Image Render(Image image, ImageAnalysis analysis)
    {
        var canvas = image.Format == PixelFormat.Rgb8 ? image.Clone() : PixelConversion.ToRgb8(image);
        foreach (var face in analysis.Faces)
        {
            var box = face.Detection.Box;
            float faceSize = (float)Math.Max(box.Width, box.Height);
            float thickness = Math.Max(1, faceSize / 200);
            if (face.Mesh is { } mesh)
                DrawWireframe(canvas, mesh.Positions, mesh.Triangles);
            LineRenderer.DrawPolyline(canvas,
                [((float)box.X1, (float)box.Y1), ((float)box.X2, (float)box.Y1), ((float)box.X2, (float)box.Y2), ((float)box.X1, (float)box.Y2)],
                BoxColor, thickness, closed: true);
            int scale = Math.Max(1, (int)(faceSize / 150));
            string label = face.Detection.Score.ToString("0.00", CultureInfo.InvariantCulture);
            TextRenderer.DrawText(canvas, (int)box.X1, (int)box.Y1 - 9 * scale, label, BoxColor, scale);
            foreach (var p in FaceLandmarks68.Of(face.Alignment))
                CircleRenderer.FillCircle(canvas, p.X, p.Y, Math.Max(1.5f, faceSize / 120), LandmarkColor);
            DrawAxes(canvas, face, faceSize * 0.4f, thickness * 1.5f);
        }
        return canvas;
    }

    // The pose matrix maps model axes (x right, y up, z out of the face) into camera axes with y up; image y is down.
    private static void DrawAxes(Image canvas, AnalyzedFace face, float length, float thickness)
    {
        var landmarks = FaceLandmarks68.Of(face.Alignment);
        var origin = landmarks.Count > 30 ? landmarks[30] : Average(landmarks);
        var pose = face.Alignment.Pose;
        Color[] colors = [Color.Red, Color.Green, Color.Blue];
        for (int axis = 0; axis < 3; axis++)
        {
            float dx = (float)pose[0, axis] * length;
            float dy = -(float)pose[1, axis] * length;
            LineRenderer.DrawLine(canvas, origin.X, origin.Y, origin.X + dx, origin.Y + dy, colors[axis], thickness);
        }
    }

    private static void DrawWireframe(Image canvas, float[] positions, int[] triangles)
    {
        for (int t = 0; t + 2 < triangles.Length; t += 3)
        {
            int a = triangles[t], b = triangles[t + 1], c = triangles[t + 2];
            float ax = positions[3 * a], ay = positions[3 * a + 1];
            float bx = positions[3 * b], by = positions[3 * b + 1];
            float cx = positions[3 * c], cy = positions[3 * c + 1];
            // Only triangles wound toward the camera are drawn, so the far side of the head stays hidden.
            float area = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
            if (area <= 0)
                continue;
            LineRenderer.DrawLine(canvas, ax, ay, bx, by, MeshColor);
            LineRenderer.DrawLine(canvas, bx, by, cx, cy, MeshColor);
        }
    }

    private static Vector3 Average(IReadOnlyList<Vector3> points)
    {
        var sum = Vector3.Zero;
        foreach (var p in points)
            sum += p;
        return points.Count > 0 ? sum / points.Count : sum;
    }
}
