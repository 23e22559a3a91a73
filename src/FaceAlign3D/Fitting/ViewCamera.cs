using FaceAlign3D.Geometry;

namespace FaceAlign3D.Fitting;

/// <summary>How model points reach the image.</summary>
public enum ProjectionKind
{
    /// <summary>u = s (R_v R_h X)_xy + (tx, ty); scale and 2D offset belong to each frame's pose.</summary>
    ScaledOrthographic,
    /// <summary>u = K (R_v (R_h X + t_h) + t_v) / z; the head translation t_h (model units) belongs to each frame.</summary>
    Pinhole,
}

/// <summary>
/// One camera of a fit. Extrinsics (R, T) take world (head-pose) coordinates to OpenCV camera axes and stay fixed.
/// For <see cref="ProjectionKind.Pinhole"/> the intrinsics Fx, Fy, Cx, Cy are used (and Fx = Fy may be a free
/// parameter of a single-camera fit); for <see cref="ProjectionKind.ScaledOrthographic"/> only R is used.
/// </summary>
public sealed record ViewCamera(ProjectionKind Kind, Mat3 R, Vec3 T, double Fx, double Fy, double Cx, double Cy)
{
    /// <summary>A weak-perspective view looking along -z of the model frame.</summary>
    public static ViewCamera Orthographic() => new(ProjectionKind.ScaledOrthographic, PinholeCamera.ModelToCameraAxes, Vec3.Zero, 0, 0, 0, 0);

    /// <summary>A pinhole camera at the world origin looking along -z of the model frame.</summary>
    public static ViewCamera PinholeAtOrigin(double focal, double cx, double cy) =>
        new(ProjectionKind.Pinhole, PinholeCamera.ModelToCameraAxes, Vec3.Zero, focal, focal, cx, cy);

    /// <summary>A calibrated pinhole camera.</summary>
    public static ViewCamera FromPinhole(PinholeCamera c) => new(ProjectionKind.Pinhole, c.R, c.T, c.Fx, c.Fy, c.Cx, c.Cy);

    public PinholeCamera ToPinhole() => Kind == ProjectionKind.Pinhole
        ? new PinholeCamera(Fx, Fy, Cx, Cy, R, T)
        : throw new InvalidOperationException("a scaled orthographic view has no pinhole model");

    internal void Validate(string what)
    {
        if (!(Math.Abs(R.Determinant - 1) < 1e-6) || Mat3.MaxAbsDifference(R * R.Transpose(), Mat3.Identity) > 1e-6)
            throw new ArgumentException($"{what}: the camera rotation is not a rotation matrix");
        if (Kind == ProjectionKind.Pinhole && !(Fx > 0 && Fy > 0 && double.IsFinite(Fx) && double.IsFinite(Fy) && double.IsFinite(Cx) && double.IsFinite(Cy) && T.IsFinite))
            throw new ArgumentException($"{what}: pinhole intrinsics must be finite with positive focal lengths");
    }
}
