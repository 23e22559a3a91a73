using FaceAlign3D.Geometry;

namespace FaceAlign3D.Rendering;

/// <summary>
/// The camera a render uses: one of Geometry's cameras, seen as a map from a world point to a pixel position
/// (same convention as <see cref="Point2"/>: (0, 0) is the centre of the top-left pixel), a depth that grows away
/// from the viewer, and whether the point lies in front of the camera.
/// </summary>
internal sealed class RenderCamera
{
    /// <summary>Points nearer to a pinhole camera than this (in world units) count as behind it.</summary>
    public const double NearPlane = 1e-6;

    private readonly Mat3 _r;
    private readonly Vec3 _t;
    private readonly double _fx, _fy, _cx, _cy;

    private RenderCamera(Mat3 r, Vec3 t, double fx, double fy, double cx, double cy, bool perspective)
    {
        _r = r;
        _t = t;
        _fx = fx;
        _fy = fy;
        _cx = cx;
        _cy = cy;
        IsPerspective = perspective;
    }

    /// <summary>True for a pinhole camera: attributes are then interpolated perspective-correctly.</summary>
    public bool IsPerspective { get; }

    /// <summary>The rotation from world to camera axes (OpenCV axes: x right, y down, z forward).</summary>
    public Mat3 Rotation => _r;

    public static RenderCamera Pinhole(PinholeCamera camera) => new(camera.R, camera.T, camera.Fx, camera.Fy, camera.Cx, camera.Cy, true);

    /// <summary>A weak-perspective camera; its depth is the camera-frame z of R X (in world units).</summary>
    public static RenderCamera Orthographic(ScaledOrthographicCamera camera) =>
        new(camera.R, Vec3.Zero, camera.Scale, camera.Scale, camera.Tx, camera.Ty, false);

    /// <summary>Pixel x, y and depth of a world point; <paramref name="inFront"/> is false behind a pinhole camera or for non-finite input.</summary>
    public (double X, double Y, double Depth) Project(double x, double y, double z, out bool inFront)
    {
        double cx = _r.M00 * x + _r.M01 * y + _r.M02 * z + _t.X;
        double cy = _r.M10 * x + _r.M11 * y + _r.M12 * z + _t.Y;
        double cz = _r.M20 * x + _r.M21 * y + _r.M22 * z + _t.Z;
        if (IsPerspective)
        {
            inFront = cz > NearPlane;
            double inv = 1.0 / cz;
            return (_fx * cx * inv + _cx, _fy * cy * inv + _cy, cz);
        }
        inFront = double.IsFinite(cz);
        return (_fx * cx + _cx, _fy * cy + _cy, cz);
    }

    public Point2 Project(Vec3 world)
    {
        var (x, y, _) = Project(world.X, world.Y, world.Z, out _);
        return new Point2(x, y);
    }
}
