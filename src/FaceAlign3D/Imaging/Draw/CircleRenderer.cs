namespace FaceAlign3D.Imaging.Draw;

/// <summary>Anti-aliased circles; coverage falls from 1 to 0 over the pixel that straddles the edge.</summary>
internal static class CircleRenderer
{
    /// <summary>A disc of <paramref name="radius"/> around (cx, cy).</summary>
    public static void FillCircle(Image image, float cx, float cy, float radius, Color color) =>
        Cover(image, cx, cy, radius, radius + 0.5f, color, d => radius + 0.5f - d);

    /// <summary>A ring of width <paramref name="thickness"/> centred on the circle of <paramref name="radius"/>.</summary>
    public static void DrawCircle(Image image, float cx, float cy, float radius, Color color, float thickness = 1)
    {
        LineRenderer.CheckThickness(thickness);
        float half = thickness / 2;
        Cover(image, cx, cy, radius, radius + half + 0.5f, color, d => half + 0.5f - MathF.Abs(d - radius));
    }

    private static void Cover(Image image, float cx, float cy, float radius, float reach, Color color, Func<float, float> coverageAt)
    {
        PixelBlender.RequireDrawable(image);
        if (!float.IsFinite(cx) || !float.IsFinite(cy) || !float.IsFinite(radius) || radius < 0)
            throw new ArgumentException($"draw circle: centre ({cx}, {cy}) and radius {radius} must be finite, radius non-negative");
        int x0 = Math.Max(0, (int)MathF.Floor(cx - reach)), x1 = Math.Min(image.Width - 1, (int)MathF.Ceiling(cx + reach));
        int y0 = Math.Max(0, (int)MathF.Floor(cy - reach)), y1 = Math.Min(image.Height - 1, (int)MathF.Ceiling(cy + reach));
        for (int y = y0; y <= y1; y++)
        {
            for (int x = x0; x <= x1; x++)
            {
                float d = MathF.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy));
                float coverage = Math.Clamp(coverageAt(d), 0, 1);
                if (coverage > 0)
                    PixelBlender.Blend(image, x, y, color, coverage);
            }
        }
    }
}
