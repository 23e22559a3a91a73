namespace FaceAlign3D.Imaging.Draw;

/// <summary>
/// Anti-aliased lines and polylines of any thickness with round caps. A pixel's coverage is
/// clamp(thickness/2 + 0.5 - d, 0, 1), d being the distance from its centre to the segment: a 1-pixel line through
/// pixel centres covers exactly those pixels fully, and a line between two rows splits across both.
/// </summary>
internal static class LineRenderer
{
    public static void DrawLine(Image image, float x0, float y0, float x1, float y1, Color color, float thickness = 1)
    {
        PixelBlender.RequireDrawable(image);
        CheckThickness(thickness);
        if (!AllFinite(x0, y0, x1, y1))
            throw new ArgumentException($"draw line: endpoint ({x0}, {y0})-({x1}, {y1}) is not finite");
        CoverSegment(image, x0, y0, x1, y1, thickness, (x, y, c) => PixelBlender.Blend(image, x, y, color, c));
    }

    /// <summary>Connected segments through <paramref name="points"/> (x, y pairs); <paramref name="closed"/> joins the last to the first.</summary>
    public static void DrawPolyline(Image image, ReadOnlySpan<(float X, float Y)> points, Color color, float thickness = 1, bool closed = false)
    {
        PixelBlender.RequireDrawable(image);
        CheckThickness(thickness);
        if (points.Length < 2)
            return;
        float minX = float.MaxValue, minY = float.MaxValue, maxX = float.MinValue, maxY = float.MinValue;
        foreach (var (x, y) in points)
        {
            if (!AllFinite(x, y, 0, 0))
                throw new ArgumentException($"draw polyline: point ({x}, {y}) is not finite");
            (minX, minY, maxX, maxY) = (Math.Min(minX, x), Math.Min(minY, y), Math.Max(maxX, x), Math.Max(maxY, y));
        }
        float reach = thickness / 2 + 1;
        var mask = new CoverageMask(image, minX - reach, minY - reach, maxX + reach, maxY + reach);
        int segments = closed ? points.Length : points.Length - 1;
        for (int i = 0; i < segments; i++)
        {
            var a = points[i];
            var b = points[(i + 1) % points.Length];
            CoverSegment(image, a.X, a.Y, b.X, b.Y, thickness, mask.Add);
        }
        mask.BlendInto(image, color);
    }

    /// <summary>Calls <paramref name="plot"/> with the coverage of every image pixel the segment touches.</summary>
    internal static void CoverSegment(Image image, float x0, float y0, float x1, float y1, float thickness, Action<int, int, float> plot)
    {
        float half = thickness / 2;
        float reach = half + 1;
        float dx = x1 - x0, dy = y1 - y0;
        float lengthSquared = dx * dx + dy * dy;
        int rowStart = Math.Max(0, (int)MathF.Floor(Math.Min(y0, y1) - reach));
        int rowEnd = Math.Min(image.Height - 1, (int)MathF.Ceiling(Math.Max(y0, y1) + reach));
        for (int y = rowStart; y <= rowEnd; y++)
        {
            // Segment parameters whose points lie within `reach` rows of this row bound the columns to visit.
            float tA = 0, tB = 1;
            if (MathF.Abs(dy) > 1e-6f)
            {
                tA = (y - reach - y0) / dy;
                tB = (y + reach - y0) / dy;
                if (tA > tB) (tA, tB) = (tB, tA);
                tA = Math.Clamp(tA, 0, 1);
                tB = Math.Clamp(tB, 0, 1);
            }
            float xa = x0 + tA * dx, xb = x0 + tB * dx;
            int colStart = Math.Max(0, (int)MathF.Floor(Math.Min(xa, xb) - reach));
            int colEnd = Math.Min(image.Width - 1, (int)MathF.Ceiling(Math.Max(xa, xb) + reach));
            for (int x = colStart; x <= colEnd; x++)
            {
                float t = lengthSquared > 0 ? Math.Clamp(((x - x0) * dx + (y - y0) * dy) / lengthSquared, 0, 1) : 0;
                float ex = x - (x0 + t * dx), ey = y - (y0 + t * dy);
                float coverage = Math.Clamp(half + 0.5f - MathF.Sqrt(ex * ex + ey * ey), 0, 1);
                if (coverage > 0)
                    plot(x, y, coverage);
            }
        }
    }

    internal static void CheckThickness(float thickness)
    {
        if (!(thickness > 0) || !float.IsFinite(thickness))
            throw new ArgumentOutOfRangeException(nameof(thickness), $"draw: thickness must be positive and finite, got {thickness}");
    }

    private static bool AllFinite(float a, float b, float c, float d) =>
        float.IsFinite(a) && float.IsFinite(b) && float.IsFinite(c) && float.IsFinite(d);
}
