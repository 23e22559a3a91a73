using FaceAlign3D.Evaluation.Metrics;

namespace FaceAlign3D.Evaluation.Datasets;

/// <summary>
/// The Euler convention of AFLW2000-3D's pose (Pose_Para pitch, yaw, roll): the head rotation is
/// R = Rz(roll) Ry(yaw) Rx(pitch) with the usual right-handed axis rotations. 3DDFA_V2's regressed rotation
/// (rows 1-2 of its 3x4 matrix, normalised, third row their cross product) is the transpose of that R, which
/// is why its own yaw/pitch/roll (calc_pose) disagree with the annotation in the sign of pitch and roll.
/// </summary>
internal static class Aflw2000Pose
{
    /// <summary>Pose_Para angles (radians) of the rotation R = Rz(roll) Ry(yaw) Rx(pitch), row-major.</summary>
    public static EulerAngles FromRotation(ReadOnlySpan<double> r)
    {
        if (r.Length != 9)
            throw new ArgumentException($"a rotation has 9 values (3x3 row-major), got {r.Length}", nameof(r));
        double yaw = Math.Asin(Math.Clamp(-r[6], -1, 1));
        double pitch = Math.Atan2(r[7], r[8]);
        double roll = Math.Atan2(r[3], r[0]);
        return new EulerAngles(yaw, pitch, roll);
    }

    /// <summary>Pose_Para angles of a 3DDFA_V2 rotation (its transpose is the annotation's R).</summary>
    public static EulerAngles FromTddfaRotation(ReadOnlySpan<double> tddfa)
    {
        if (tddfa.Length != 9)
            throw new ArgumentException($"a rotation has 9 values (3x3 row-major), got {tddfa.Length}", nameof(tddfa));
        Span<double> transposed = stackalloc double[9];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                transposed[3 * i + j] = tddfa[3 * j + i];
        return FromRotation(transposed);
    }
}
