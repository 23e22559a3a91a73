namespace FaceAlign3D.Geometry;

/// <summary>An image point in pixels (x right, y down, (0,0) = centre of the top-left pixel), double precision.</summary>
public readonly record struct Point2(double X, double Y)
{
    public static Point2 operator +(Point2 a, Point2 b) => new(a.X + b.X, a.Y + b.Y);
    public static Point2 operator -(Point2 a, Point2 b) => new(a.X - b.X, a.Y - b.Y);

    public double Length => Math.Sqrt(X * X + Y * Y);

    public bool IsFinite => double.IsFinite(X) && double.IsFinite(Y);

    public static double Distance(Point2 a, Point2 b) => (a - b).Length;
}
