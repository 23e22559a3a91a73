namespace FaceAlign3D.Evaluation.Metrics;

/// <summary>Head pose as yaw, pitch and roll in radians (the convention is the caller's; both sides must share it).</summary>
public readonly record struct EulerAngles(double Yaw, double Pitch, double Roll)
{
    public static EulerAngles FromDegrees(double yaw, double pitch, double roll) =>
        new(yaw * Math.PI / 180, pitch * Math.PI / 180, roll * Math.PI / 180);
}

/// <summary>Absolute per-angle errors in radians and their mean.</summary>
public readonly record struct PoseError(double Yaw, double Pitch, double Roll)
{
    public double Mean => (Yaw + Pitch + Roll) / 3;
}

/// <summary>Head-pose error: absolute Euler-angle differences and the geodesic angle between rotations.</summary>
internal static class HeadPoseError
{
    /// <summary>|a - b| wrapped into [0, pi], so 179 deg vs -179 deg differ by 2 deg.</summary>
    public static double AngleDifference(double a, double b)
    {
        double d = Math.IEEERemainder(a - b, 2 * Math.PI);
        return Math.Abs(d);
    }

    public static PoseError Between(EulerAngles predicted, EulerAngles truth) => new(
        AngleDifference(predicted.Yaw, truth.Yaw),
        AngleDifference(predicted.Pitch, truth.Pitch),
        AngleDifference(predicted.Roll, truth.Roll));

    /// <summary>
    /// Angle in radians of the relative rotation R1^T R2 between two row-major 3x3 rotations,
    /// computed as atan2(|skew part|, (trace - 1) / 2) to stay accurate near 0 and pi.
    /// </summary>
    public static double Geodesic(ReadOnlySpan<double> first, ReadOnlySpan<double> second)
    {
        if (first.Length != 9 || second.Length != 9)
            throw new ArgumentException("rotations must be 3x3 (9 values, row-major)");
        Span<double> r = stackalloc double[9];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                r[i * 3 + j] = first[i] * second[j] + first[3 + i] * second[3 + j] + first[6 + i] * second[6 + j];
        double cos = (r[0] + r[4] + r[8] - 1) / 2;
        double sx = (r[7] - r[5]) / 2, sy = (r[2] - r[6]) / 2, sz = (r[3] - r[1]) / 2;
        return Math.Atan2(Math.Sqrt(sx * sx + sy * sy + sz * sz), cos);
    }
}
