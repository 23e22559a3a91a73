namespace FaceAlign3D.Imaging.Codecs.Png;

/// <summary>One pass of a PNG image: the sub-image of pixels (X0 + i*DX, Y0 + j*DY).</summary>
internal readonly record struct PngPass(int X0, int Y0, int DX, int DY, int Width, int Height)
{
    public bool IsEmpty => Width == 0 || Height == 0;
}

/// <summary>The pass layout of non-interlaced and Adam7-interlaced images.</summary>
internal static class Adam7
{
    private static readonly (int X0, int Y0, int DX, int DY)[] Grid =
    [
        (0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2),
    ];

    public static PngPass[] Passes(int width, int height, bool interlaced)
    {
        if (!interlaced)
            return [new PngPass(0, 0, 1, 1, width, height)];
        var passes = new PngPass[Grid.Length];
        for (int p = 0; p < Grid.Length; p++)
        {
            var (x0, y0, dx, dy) = Grid[p];
            int w = width > x0 ? (width - x0 + dx - 1) / dx : 0;
            int h = height > y0 ? (height - y0 + dy - 1) / dy : 0;
            passes[p] = new PngPass(x0, y0, dx, dy, w, h);
        }
        return passes;
    }
}
