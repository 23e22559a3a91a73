using FaceAlign3D.Geometry;

namespace FaceAlign3D.Fitting;

/// <summary>
/// Head pose of one frame. The model point X (cm, model frame) goes to world as R X + Translation for pinhole
/// fits; for scaled orthographic fits the image point is Scale * (R_v R X)_xy + Offset.
/// </summary>
public sealed record FitPose(Vec3 AxisAngle, Vec3 Translation, double Scale, Point2 Offset)
{
    public Mat3 Rotation => Geometry.Rotation.FromAxisAngle(AxisAngle);

    /// <summary>Yaw, pitch, roll in radians, R = Rz(roll) Ry(yaw) Rx(pitch) (see <see cref="Geometry.Rotation"/>).</summary>
    public (double Yaw, double Pitch, double Roll) YawPitchRoll => Geometry.Rotation.ToYawPitchRoll(Rotation);

    internal static FitPose FromParameters(ReadOnlySpan<double> p, ProjectionKind kind) => kind == ProjectionKind.Pinhole
        ? new FitPose(new Vec3(p[0], p[1], p[2]), new Vec3(p[3], p[4], p[5]), 0, default)
        : new FitPose(new Vec3(p[0], p[1], p[2]), Vec3.Zero, p[5], new Point2(p[3], p[4]));
}
