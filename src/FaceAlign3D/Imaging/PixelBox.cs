namespace FaceAlign3D.Imaging;

/// <summary>
/// An integer pixel rectangle [X1, X2) x [Y1, Y2). It may extend past the image it is applied to;
/// operations that read through it treat pixels outside the image as zero.
/// </summary>
internal readonly record struct PixelBox(int X1, int Y1, int X2, int Y2)
{
    public int Width => X2 - X1;
    public int Height => Y2 - Y1;

    /// <summary>The whole of <paramref name="image"/>.</summary>
    public static PixelBox Of(Image image) => new(0, 0, image.Width, image.Height);

    /// <summary>
    /// Rounds a floating roi box (x1, y1, x2, y2) to pixels the way 3DDFA_V2's crop_img does:
    /// each coordinate independently with Python's round(), i.e. halves to even.
    /// </summary>
    public static PixelBox FromRoi(double x1, double y1, double x2, double y2)
    {
        if (!double.IsFinite(x1) || !double.IsFinite(y1) || !double.IsFinite(x2) || !double.IsFinite(y2))
            throw new ArgumentException($"roi box ({x1}, {y1}, {x2}, {y2}) has a non-finite coordinate");
        return new(RoundToInt(x1), RoundToInt(y1), RoundToInt(x2), RoundToInt(y2));
    }

    private static int RoundToInt(double v)
    {
        double r = Math.Round(v, MidpointRounding.ToEven);
        if (r < int.MinValue / 2 || r > int.MaxValue / 2)
            throw new ArgumentOutOfRangeException(nameof(v), $"roi coordinate {v} is out of range");
        return (int)r;
    }
}
