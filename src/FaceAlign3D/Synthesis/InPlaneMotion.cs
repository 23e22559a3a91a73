using FaceAlign3D.Geometry;
using FaceAlign3D.Imaging;
using FaceAlign3D.Rendering;

namespace FaceAlign3D.Synthesis;

/// <summary>
/// An in-plane camera motion: the picture turned by a roll about its centre, zoomed and shifted. Applied to a
/// profiled face it moves the image, the landmarks and the camera together, so the ground truth stays exact.
/// </summary>
/// <param name="RollRadians">turn about the viewing axis; positive turns the head counterclockwise in the model frame (y up), i.e. clockwise on screen.</param>
/// <param name="Zoom">scale about the image centre (above 1 keeps the picture's border out of view).</param>
/// <param name="Dx">shift right, pixels.</param>
/// <param name="Dy">shift down, pixels.</param>
internal sealed record InPlaneMotion(double RollRadians, double Zoom, double Dx, double Dy)
{
    /// <summary>Where the motion takes a pixel of an image of the given size.</summary>
    public Point2 Apply(Point2 p, int width, int height)
    {
        double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0, c = Math.Cos(RollRadians), s = Math.Sin(RollRadians);
        double u = p.X - cx, v = p.Y - cy;
        return new Point2(Zoom * (c * u + s * v) + cx + Dx, Zoom * (-s * u + c * v) + cy + Dy);
    }

    /// <exception cref="ArgumentException">the zoom is not positive and finite.</exception>
    public ProfiledFace Apply(ProfiledFace face)
    {
        if (!(Zoom > 0 && double.IsFinite(Zoom) && double.IsFinite(RollRadians) && double.IsFinite(Dx) && double.IsFinite(Dy)))
            throw new ArgumentException("the in-plane motion needs a positive zoom and finite values");
        int w = face.Image.Width, h = face.Image.Height;
        var image = new Image(w, h, PixelFormat.Rgb8);
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0, c = Math.Cos(RollRadians), s = Math.Sin(RollRadians);
        Span<float> rgb = stackalloc float[3];
        for (int y = 0; y < h; y++)
        {
            var row = image.Row(y);
            for (int x = 0; x < w; x++)
            {
                // The inverse motion: back-rotate and unzoom the offset from the shifted centre.
                double u = (x - cx - Dx) / Zoom, v = (y - cy - Dy) / Zoom;
                TextureSampler.AtPixel(face.Image, (float)(c * u - s * v + cx), (float)(s * u + c * v + cy), rgb);
                for (int k = 0; k < 3; k++)
                    row[3 * x + k] = (byte)MathF.Round(rgb[k] * 255);
            }
        }
        var landmarks = face.Landmarks68.Select(l =>
        {
            var q = Apply(new Point2(l.X, l.Y), w, h);
            return new Vec3(q.X, q.Y, Zoom * l.Z);
        }).ToArray();
        // pixel = scale (R X)_xy + t becomes zoom scale (R' X)_xy + t' with R' = view axes * Rz(roll) * head.
        var roll = Rotation.FromYawPitchRoll(0, 0, RollRadians);
        var head = roll * face.Rotation;
        var t = Apply(new Point2(face.Camera.Tx, face.Camera.Ty), w, h);
        var camera = new ScaledOrthographicCamera(Zoom * face.Camera.Scale, t.X, t.Y, face.Camera.R * face.Rotation.Transpose() * head);
        return face with { Image = image, Landmarks68 = landmarks, Rotation = head, Camera = camera };
    }
}
