namespace FaceAlign3D.Geometry;

/// <summary>
/// A calibrated pinhole camera x ~ K [R | t] X: world point X goes to the camera frame R X + t (OpenCV
/// axes: x right, y down, z forward), then to pixels u = fx x/z + cx, v = fy y/z + cy. No lens distortion.
/// </summary>
public sealed record PinholeCamera(double Fx, double Fy, double Cx, double Cy, Mat3 R, Vec3 T)
{
    /// <summary>
    /// The rotation from the face-model frame (x right, y up, z towards the viewer) to camera axes:
    /// a camera at the world origin looking down the model's -z axis, i.e. diag(1, -1, -1).
    /// </summary>
    public static readonly Mat3 ModelToCameraAxes = Mat3.Diagonal(1, -1, -1);

    /// <summary>A camera at the world origin looking along -z of the model frame with square pixels.</summary>
    public static PinholeCamera AtOrigin(double focal, double cx, double cy) => new(focal, focal, cx, cy, ModelToCameraAxes, Vec3.Zero);

    public Vec3 ToCamera(Vec3 world) => R * world + T;

    /// <summary>Projects a world point; points at or behind the camera plane give non-finite pixels.</summary>
    public Point2 Project(Vec3 world)
    {
        var c = ToCamera(world);
        return new Point2(Fx * c.X / c.Z + Cx, Fy * c.Y / c.Z + Cy);
    }

    /// <summary>The camera centre in world coordinates, -R^T t.</summary>
    public Vec3 Centre => -(R.Transpose() * T);

    /// <summary>The 3x4 projection matrix P = K [R | t], row-major.</summary>
    public double[] ProjectionMatrix()
    {
        var p = new double[12];
        for (int c = 0; c < 3; c++)
        {
            p[c] = Fx * R[0, c] + Cx * R[2, c];
            p[4 + c] = Fy * R[1, c] + Cy * R[2, c];
            p[8 + c] = R[2, c];
        }
        p[3] = Fx * T.X + Cx * T.Z;
        p[7] = Fy * T.Y + Cy * T.Z;
        p[11] = T.Z;
        return p;
    }
}
