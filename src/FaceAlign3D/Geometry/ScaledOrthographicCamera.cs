namespace FaceAlign3D.Geometry;

/// <summary>
/// Weak perspective: a world point X goes to camera axes R X (OpenCV axes, see <see cref="PinholeCamera"/>),
/// then to pixels u = s x + tx, v = s y + ty. Depth is dropped; s is pixels per model unit.
/// </summary>
internal sealed record ScaledOrthographicCamera(double Scale, double Tx, double Ty, Mat3 R)
{
    /// <summary>A camera looking along -z of the model frame.</summary>
    public static ScaledOrthographicCamera Frontal(double scale, double tx, double ty) => new(scale, tx, ty, PinholeCamera.ModelToCameraAxes);

    public Point2 Project(Vec3 world)
    {
        var c = R * world;
        return new Point2(Scale * c.X + Tx, Scale * c.Y + Ty);
    }
}
