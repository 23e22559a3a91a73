namespace FaceAlign3D.Geometry;

/// <summary>A row-major 3x3 matrix in double precision.</summary>
public readonly record struct Mat3(
    double M00, double M01, double M02,
    double M10, double M11, double M12,
    double M20, double M21, double M22)
{
    public static readonly Mat3 Identity = new(1, 0, 0, 0, 1, 0, 0, 0, 1);

    public static readonly Mat3 Zero = default;

    public double this[int r, int c] => (r * 3 + c) switch
    {
        0 => M00, 1 => M01, 2 => M02,
        3 => M10, 4 => M11, 5 => M12,
        6 => M20, 7 => M21, 8 => M22,
        _ => throw new ArgumentOutOfRangeException(nameof(r)),
    };

    public static Mat3 FromRows(Vec3 r0, Vec3 r1, Vec3 r2) => new(r0.X, r0.Y, r0.Z, r1.X, r1.Y, r1.Z, r2.X, r2.Y, r2.Z);

    public static Mat3 FromArray(ReadOnlySpan<double> m) => m.Length == 9
        ? new(m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8])
        : throw new ArgumentException("a 3x3 matrix needs 9 values", nameof(m));

    /// <summary>The nine values, row-major (the layout <see cref="FromArray"/> reads).</summary>
    public double[] ToArray() => [M00, M01, M02, M10, M11, M12, M20, M21, M22];

    public Vec3 Row(int r) => new(this[r, 0], this[r, 1], this[r, 2]);

    public Vec3 Column(int c) => new(this[0, c], this[1, c], this[2, c]);

    public Mat3 Transpose() => new(M00, M10, M20, M01, M11, M21, M02, M12, M22);

    public double Trace => M00 + M11 + M22;

    public double Determinant =>
        M00 * (M11 * M22 - M12 * M21) - M01 * (M10 * M22 - M12 * M20) + M02 * (M10 * M21 - M11 * M20);

    /// <summary>The cross-product matrix [v]x, so that [v]x * w = v x w.</summary>
    public static Mat3 Skew(Vec3 v) => new(0, -v.Z, v.Y, v.Z, 0, -v.X, -v.Y, v.X, 0);

    public static Mat3 Diagonal(double a, double b, double c) => new(a, 0, 0, 0, b, 0, 0, 0, c);

    public static Vec3 operator *(Mat3 m, Vec3 v) => new(
        m.M00 * v.X + m.M01 * v.Y + m.M02 * v.Z,
        m.M10 * v.X + m.M11 * v.Y + m.M12 * v.Z,
        m.M20 * v.X + m.M21 * v.Y + m.M22 * v.Z);

    public static Mat3 operator *(Mat3 a, Mat3 b) => FromRows(
        new Vec3(Vec3.Dot(a.Row(0), b.Column(0)), Vec3.Dot(a.Row(0), b.Column(1)), Vec3.Dot(a.Row(0), b.Column(2))),
        new Vec3(Vec3.Dot(a.Row(1), b.Column(0)), Vec3.Dot(a.Row(1), b.Column(1)), Vec3.Dot(a.Row(1), b.Column(2))),
        new Vec3(Vec3.Dot(a.Row(2), b.Column(0)), Vec3.Dot(a.Row(2), b.Column(1)), Vec3.Dot(a.Row(2), b.Column(2))));

    public static Mat3 operator +(Mat3 a, Mat3 b) => new(
        a.M00 + b.M00, a.M01 + b.M01, a.M02 + b.M02,
        a.M10 + b.M10, a.M11 + b.M11, a.M12 + b.M12,
        a.M20 + b.M20, a.M21 + b.M21, a.M22 + b.M22);

    public static Mat3 operator *(double s, Mat3 a) => new(
        s * a.M00, s * a.M01, s * a.M02, s * a.M10, s * a.M11, s * a.M12, s * a.M20, s * a.M21, s * a.M22);

    /// <summary>Largest absolute element difference, for comparisons in tests and checks.</summary>
    public static double MaxAbsDifference(Mat3 a, Mat3 b)
    {
        double m = 0;
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++)
                m = Math.Max(m, Math.Abs(a[r, c] - b[r, c]));
        return m;
    }
}
