namespace FaceAlign3D.Detection;

/// <summary>An axis-aligned box x1,y1 (top-left) to x2,y2 (bottom-right) in pixels, or in normalised units where stated.</summary>
public readonly record struct BoundingBox(double X1, double Y1, double X2, double Y2)
{
    public double Width => X2 - X1;
    public double Height => Y2 - Y1;
    public double CenterX => (X1 + X2) / 2;
    public double CenterY => (Y1 + Y2) / 2;

    /// <summary>Area with empty (negative-size) boxes counted as zero.</summary>
    public double Area => Math.Max(0, Width) * Math.Max(0, Height);

    /// <summary>Intersection over union; 0 when both boxes are empty.</summary>
    public double IntersectionOverUnion(BoundingBox other)
    {
        double w = Math.Min(X2, other.X2) - Math.Max(X1, other.X1);
        double h = Math.Min(Y2, other.Y2) - Math.Max(Y1, other.Y1);
        double inter = Math.Max(0, w) * Math.Max(0, h);
        double union = Area + other.Area - inter;
        return union > 0 ? inter / union : 0;
    }

    public BoundingBox Scale(double sx, double sy) => new(X1 * sx, Y1 * sy, X2 * sx, Y2 * sy);

    public override string ToString() => $"[{X1:0.##}, {Y1:0.##}, {X2:0.##}, {Y2:0.##}]";
}
