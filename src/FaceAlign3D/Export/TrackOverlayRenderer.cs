using System.Globalization;
using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;
using FaceAlign3D.Imaging.Draw;
using FaceAlign3D.Imaging;
using FaceAlign3D.Tracking;

namespace FaceAlign3D.Export;

/// <summary>
/// Draws a tracked frame as <see cref="OverlayRenderer"/> draws an analysis (box, 68 landmarks, pose axes, all
/// filtered), with the track id under each box and the frame number in the corner.
/// </summary>
internal static class TrackOverlayRenderer
{
    private static readonly Color LabelColor = new(255, 200, 0);

    public static Image Render(Image image, TrackedFrame frame)
    {
        var faces = frame.Faces.Select(f => new AnalyzedFace(
            new FaceBox(f.Box, f.Raw.Confidence),
            f.Raw with { Landmarks3D = f.Landmarks, Pose = f.Pose })).ToList();
        var canvas = OverlayRenderer.Render(image, new ImageAnalysis(image.Width, image.Height, faces, TimeSpan.Zero, TimeSpan.Zero));
        foreach (var face in frame.Faces)
        {
            int scale = Math.Max(1, (int)(Math.Max(face.Box.Width, face.Box.Height) / 150));
            TextRenderer.DrawText(canvas, (int)face.Box.X1, (int)face.Box.Y2 + 2 * scale, "id " + face.TrackId.ToString(CultureInfo.InvariantCulture), LabelColor, scale);
        }
        int cornerScale = Math.Max(1, image.Height / 360);
        TextRenderer.DrawText(canvas, 4 * cornerScale, 4 * cornerScale, "frame " + frame.Index.ToString(CultureInfo.InvariantCulture), Color.White, cornerScale);
        return canvas;
    }
}
