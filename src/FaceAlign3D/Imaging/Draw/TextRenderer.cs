namespace FaceAlign3D.Imaging.Draw;

/// <summary>Labels in the built-in 5x7 font; each glyph cell is 6x8 font pixels (one column and row of spacing).</summary>
internal static class TextRenderer
{
    private const int CellWidth = BitmapFont.GlyphWidth + 1;
    private const int CellHeight = BitmapFont.GlyphHeight + 1;

    /// <summary>
    /// Draws <paramref name="text"/> with its top-left at (<paramref name="x"/>, <paramref name="y"/>), every font pixel
    /// a <paramref name="scale"/> x <paramref name="scale"/> square. '\n' starts a new line; characters outside
    /// printable ASCII draw as '?'.
    /// </summary>
    public static void DrawText(Image image, int x, int y, string text, Color color, int scale = 1)
    {
        PixelBlender.RequireDrawable(image);
        ArgumentNullException.ThrowIfNull(text);
        CheckScale(scale);
        int penX = x, penY = y;
        foreach (char c in text)
        {
            if (c == '\n')
            {
                penX = x;
                penY += CellHeight * scale;
                continue;
            }
            for (int row = 0; row < BitmapFont.GlyphHeight; row++)
            {
                for (int column = 0; column < BitmapFont.GlyphWidth; column++)
                {
                    if (!BitmapFont.IsInk(c, column, row))
                        continue;
                    int left = penX + column * scale, top = penY + row * scale;
                    for (int sy = 0; sy < scale; sy++)
                        for (int sx = 0; sx < scale; sx++)
                            PixelBlender.Blend(image, left + sx, top + sy, color, 1f);
                }
            }
            penX += CellWidth * scale;
        }
    }

    /// <summary>Width and height in pixels of the cells <see cref="DrawText"/> uses for <paramref name="text"/>.</summary>
    public static (int Width, int Height) MeasureText(string text, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        CheckScale(scale);
        var lines = text.Split('\n');
        return (lines.Max(l => l.Length) * CellWidth * scale, lines.Length * CellHeight * scale);
    }

    private static void CheckScale(int scale)
    {
        if (scale is < 1 or > 1024)
            throw new ArgumentOutOfRangeException(nameof(scale), $"draw text: scale must be 1..1024, got {scale}");
    }
}
