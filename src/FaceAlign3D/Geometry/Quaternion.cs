namespace FaceAlign3D.Geometry;

/// <summary>A quaternion W + Xi + Yj + Zk in double precision; rotations use unit quaternions.</summary>
internal readonly record struct Quaternion(double W, double X, double Y, double Z)
{
    public static readonly Quaternion Identity = new(1, 0, 0, 0);

    public double Norm => Math.Sqrt(W * W + X * X + Y * Y + Z * Z);

    public Quaternion Normalized()
    {
        double n = Norm;
        return n > 1e-300 ? new Quaternion(W / n, X / n, Y / n, Z / n) : Identity;
    }

    /// <summary>The Hamilton product (rotation b followed by rotation a).</summary>
    public static Quaternion operator *(Quaternion a, Quaternion b) => new(
        a.W * b.W - a.X * b.X - a.Y * b.Y - a.Z * b.Z,
        a.W * b.X + a.X * b.W + a.Y * b.Z - a.Z * b.Y,
        a.W * b.Y - a.X * b.Z + a.Y * b.W + a.Z * b.X,
        a.W * b.Z + a.X * b.Y - a.Y * b.X + a.Z * b.W);

    public Quaternion Conjugate() => new(W, -X, -Y, -Z);

    /// <summary>Rotates v by this (unit) quaternion: q v q*.</summary>
    public Vec3 Rotate(Vec3 v)
    {
        var p = this * new Quaternion(0, v.X, v.Y, v.Z) * Conjugate();
        return new Vec3(p.X, p.Y, p.Z);
    }
}
