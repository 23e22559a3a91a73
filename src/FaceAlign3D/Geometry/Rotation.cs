namespace FaceAlign3D.Geometry;

/// <summary>
/// Rotations in the three forms the project uses: axis-angle (the solver's parameters), unit quaternions
/// (interpolation, storage) and yaw/pitch/roll (reporting). All angles are radians.
/// </summary>
/// <remarks>
/// Euler convention (named "ZYX yaw-pitch-roll"): R = Rz(roll) * Ry(yaw) * Rx(pitch), in a right-handed frame
/// with x right, y up, z towards the viewer (the ICT-FaceKit model frame). Positive yaw turns the nose (+z)
/// towards +x, positive pitch turns it towards -y (down), positive roll turns +x towards +y.
/// </remarks>
internal static class Rotation
{
    private const double SmallAngle = 1e-8;

    /// <summary>Rodrigues' formula: the rotation by |w| radians about w/|w|.</summary>
    public static Mat3 FromAxisAngle(Vec3 w)
    {
        double theta2 = w.LengthSquared;
        if (theta2 < SmallAngle * SmallAngle)
        {
            // Second-order series keeps R orthonormal to rounding for tiny angles.
            var k = Mat3.Skew(w);
            return Mat3.Identity + k + 0.5 * (k * k);
        }
        double theta = Math.Sqrt(theta2);
        var kn = Mat3.Skew((1.0 / theta) * w);
        return Mat3.Identity + Math.Sin(theta) * kn + (1 - Math.Cos(theta)) * (kn * kn);
    }

    /// <summary>
    /// R(w) and its three partial derivatives dR/dw_i, using the closed form of Gallego and Yezzi (2015):
    /// dR/dw_i = (w_i [w]x + [w x (I - R) e_i]x) R / |w|^2, and [e_i]x at w = 0.
    /// </summary>
    public static Mat3 FromAxisAngle(Vec3 w, out Mat3 dRdw0, out Mat3 dRdw1, out Mat3 dRdw2)
    {
        var r = FromAxisAngle(w);
        double theta2 = w.LengthSquared;
        if (theta2 < SmallAngle * SmallAngle)
        {
            dRdw0 = Mat3.Skew(new Vec3(1, 0, 0));
            dRdw1 = Mat3.Skew(new Vec3(0, 1, 0));
            dRdw2 = Mat3.Skew(new Vec3(0, 0, 1));
            return r;
        }
        var skewW = Mat3.Skew(w);
        Mat3 Derivative(int i, Vec3 e)
        {
            var iMinusR = Mat3.Identity + (-1.0) * r;
            var d = w[i] * skewW + Mat3.Skew(Vec3.Cross(w, iMinusR * e));
            return (1.0 / theta2) * (d * r);
        }
        dRdw0 = Derivative(0, new Vec3(1, 0, 0));
        dRdw1 = Derivative(1, new Vec3(0, 1, 0));
        dRdw2 = Derivative(2, new Vec3(0, 0, 1));
        return r;
    }

    /// <summary>The axis-angle vector of a rotation matrix (angle in [0, pi]).</summary>
    public static Vec3 ToAxisAngle(Mat3 r)
    {
        double cos = Math.Clamp((r.Trace - 1) * 0.5, -1.0, 1.0);
        var v = new Vec3(r.M21 - r.M12, r.M02 - r.M20, r.M10 - r.M01); // 2 sin(theta) * axis
        double sin = 0.5 * v.Length;
        double theta = Math.Atan2(sin, cos);
        if (sin > 1e-6)
            return (theta / (2 * sin)) * v;
        if (cos > 0)
            return 0.5 * v; // theta ~ 0: R ~ I + [w]x
        // theta ~ pi: R ~ 2 a a^T - I; take the axis from the largest diagonal entry.
        double xx = (r.M00 + 1) * 0.5, yy = (r.M11 + 1) * 0.5, zz = (r.M22 + 1) * 0.5;
        Vec3 axis;
        if (xx >= yy && xx >= zz)
        {
            double x = Math.Sqrt(Math.Max(xx, 0));
            axis = new Vec3(x, (r.M01 + r.M10) / (4 * x), (r.M02 + r.M20) / (4 * x));
        }
        else if (yy >= zz)
        {
            double y = Math.Sqrt(Math.Max(yy, 0));
            axis = new Vec3((r.M01 + r.M10) / (4 * y), y, (r.M12 + r.M21) / (4 * y));
        }
        else
        {
            double z = Math.Sqrt(Math.Max(zz, 0));
            axis = new Vec3((r.M02 + r.M20) / (4 * z), (r.M12 + r.M21) / (4 * z), z);
        }
        // Resolve the sign ambiguity with the residual antisymmetric part when it is not exactly zero.
        if (Vec3.Dot(axis, v) < 0)
            axis = -axis;
        return theta * axis.Normalized();
    }

    /// <summary>The rotation matrix of a quaternion (normalised first).</summary>
    public static Mat3 FromQuaternion(Quaternion q)
    {
        var n = q.Normalized();
        double w = n.W, x = n.X, y = n.Y, z = n.Z;
        return new Mat3(
            1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
            2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
            2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y));
    }

    /// <summary>The unit quaternion (with W >= 0) of a rotation matrix, by Shepperd's method.</summary>
    public static Quaternion ToQuaternion(Mat3 r)
    {
        double tr = r.Trace;
        Quaternion q;
        if (tr > r.M00 && tr > r.M11 && tr > r.M22)
        {
            double s = 2 * Math.Sqrt(1 + tr);
            q = new Quaternion(0.25 * s, (r.M21 - r.M12) / s, (r.M02 - r.M20) / s, (r.M10 - r.M01) / s);
        }
        else if (r.M00 >= r.M11 && r.M00 >= r.M22)
        {
            double s = 2 * Math.Sqrt(Math.Max(1 + r.M00 - r.M11 - r.M22, 0));
            q = new Quaternion((r.M21 - r.M12) / s, 0.25 * s, (r.M01 + r.M10) / s, (r.M02 + r.M20) / s);
        }
        else if (r.M11 >= r.M22)
        {
            double s = 2 * Math.Sqrt(Math.Max(1 + r.M11 - r.M00 - r.M22, 0));
            q = new Quaternion((r.M02 - r.M20) / s, (r.M01 + r.M10) / s, 0.25 * s, (r.M12 + r.M21) / s);
        }
        else
        {
            double s = 2 * Math.Sqrt(Math.Max(1 + r.M22 - r.M00 - r.M11, 0));
            q = new Quaternion((r.M10 - r.M01) / s, (r.M02 + r.M20) / s, (r.M12 + r.M21) / s, 0.25 * s);
        }
        q = q.Normalized();
        return q.W < 0 ? new Quaternion(-q.W, -q.X, -q.Y, -q.Z) : q;
    }

    /// <summary>R = Rz(roll) * Ry(yaw) * Rx(pitch) (see the class remarks).</summary>
    public static Mat3 FromYawPitchRoll(double yaw, double pitch, double roll)
    {
        double cy = Math.Cos(yaw), sy = Math.Sin(yaw);
        double cp = Math.Cos(pitch), sp = Math.Sin(pitch);
        double cr = Math.Cos(roll), sr = Math.Sin(roll);
        var rz = new Mat3(cr, -sr, 0, sr, cr, 0, 0, 0, 1);
        var ry = new Mat3(cy, 0, sy, 0, 1, 0, -sy, 0, cy);
        var rx = new Mat3(1, 0, 0, 0, cp, -sp, 0, sp, cp);
        return rz * (ry * rx);
    }

    /// <summary>
    /// Yaw, pitch, roll of R = Rz(roll) * Ry(yaw) * Rx(pitch); yaw in [-pi/2, pi/2]. At gimbal lock
    /// (|yaw| = pi/2) roll is set to 0 and the remaining rotation goes to pitch.
    /// </summary>
    public static (double Yaw, double Pitch, double Roll) ToYawPitchRoll(Mat3 r)
    {
        double yaw = Math.Asin(Math.Clamp(-r.M20, -1.0, 1.0));
        double cosYaw = Math.Sqrt(r.M00 * r.M00 + r.M10 * r.M10);
        if (cosYaw > 1e-9)
            return (yaw, Math.Atan2(r.M21, r.M22), Math.Atan2(r.M10, r.M00));
        // Gimbal lock: R = Ry(+-pi/2) * Rx(pitch) with roll folded in; recover pitch from the second row.
        return (yaw, Math.Atan2(-r.M12, r.M11), 0.0);
    }
}
