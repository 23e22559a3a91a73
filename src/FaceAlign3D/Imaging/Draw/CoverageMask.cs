namespace FaceAlign3D.Imaging.Draw;

/// <summary>
/// Per-pixel coverage over a clipped rectangle, combined by maximum, so overlapping parts of one shape
/// (polyline joints) are blended once rather than darkened twice.
/// </summary>
internal sealed class CoverageMask
{
    private readonly int left, top, width, height;
    private readonly float[] coverage;

    public CoverageMask(Image image, float minX, float minY, float maxX, float maxY)
    {
        left = Math.Clamp((int)MathF.Floor(minX), 0, image.Width);
        top = Math.Clamp((int)MathF.Floor(minY), 0, image.Height);
        width = Math.Clamp((int)MathF.Ceiling(maxX) + 1, 0, image.Width) - left;
        height = Math.Clamp((int)MathF.Ceiling(maxY) + 1, 0, image.Height) - top;
        coverage = new float[Math.Max(width, 0) * Math.Max(height, 0)];
    }

    public void Add(int x, int y, float value)
    {
        int cx = x - left, cy = y - top;
        if ((uint)cx < (uint)width && (uint)cy < (uint)height)
        {
            ref float cell = ref coverage[cy * width + cx];
            cell = Math.Max(cell, value);
        }
    }

    public void BlendInto(Image image, Color color)
    {
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                PixelBlender.Blend(image, left + x, top + y, color, coverage[y * width + x]);
    }
}
