using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Draw;

namespace FaceAlign3D.Tests.Imaging.Draw;

public class TextRendererTests
{
    private static (int MinX, int MinY, int MaxX, int MaxY, int Count) InkBounds(Image gray)
    {
        int minX = int.MaxValue, minY = int.MaxValue, maxX = -1, maxY = -1, count = 0;
        for (int y = 0; y < gray.Height; y++)
            for (int x = 0; x < gray.Width; x++)
                if (gray.Row(y)[x] != 0)
                    (minX, minY, maxX, maxY, count) = (Math.Min(minX, x), Math.Min(minY, y), Math.Max(maxX, x), Math.Max(maxY, y), count + 1);
        return (minX, minY, maxX, maxY, count);
    }

    [Fact]
    public void ScaledGlyphLandsInItsBox()
    {
        var image = new Image(40, 40, PixelFormat.Gray8);
        TextRenderer.DrawText(image, 5, 6, "A", Color.White, scale: 2);
        // 'A' is 5x7 font pixels with ink in every column and row: at scale 2 it spans exactly [5, 14] x [6, 19].
        var (minX, minY, maxX, maxY, _) = InkBounds(image);
        Assert.Equal((5, 6, 14, 19), (minX, minY, maxX, maxY));
        // Its top row is .###. : the corner square is empty, the next one inked.
        Assert.Equal(0, image.Row(6)[5]);
        Assert.Equal(255, image.Row(6)[7]);
        Assert.Equal(255, image.Row(7)[8]);
    }

    [Fact]
    public void EveryPrintableCharacterExceptSpaceHasInkInsideItsCell()
    {
        for (char c = '!'; c <= '~'; c++)
        {
            var image = new Image(8, 9, PixelFormat.Gray8);
            TextRenderer.DrawText(image, 1, 1, c.ToString(), Color.White);
            var (minX, minY, maxX, maxY, count) = InkBounds(image);
            Assert.True(count > 0, $"'{c}' drew nothing");
            Assert.True(minX >= 1 && minY >= 1 && maxX <= 5 && maxY <= 7, $"'{c}' left its 5x7 cell");
        }
        var blank = new Image(8, 9, PixelFormat.Gray8);
        TextRenderer.DrawText(blank, 1, 1, " ", Color.White);
        Assert.Equal(0, InkBounds(blank).Count);
    }

    [Fact]
    public void LinesAndAdvanceFollowTheCellSize()
    {
        Assert.Equal((24, 32), TextRenderer.MeasureText("AB\nC", 2));
        var image = new Image(30, 20, PixelFormat.Gray8);
        TextRenderer.DrawText(image, 0, 0, "I\nI", Color.White);
        // 'I' has its stem in column 2; the second line starts 8 rows lower.
        Assert.Equal(255, image.Row(3)[2]);
        Assert.Equal(255, image.Row(8 + 3)[2]);
        Assert.Equal(0, image.Row(7)[2]);
    }

    [Fact]
    public void UnknownCharactersDrawAsQuestionMark()
    {
        var a = new Image(8, 9, PixelFormat.Rgb8);
        var b = new Image(8, 9, PixelFormat.Rgb8);
        TextRenderer.DrawText(a, 1, 1, "\u00e9", Color.Yellow);
        TextRenderer.DrawText(b, 1, 1, "?", Color.Yellow);
        Assert.True(TestImages.SamePixels(a, b));
    }

    [Fact]
    public void GrayImagesReceiveLuma()
    {
        var image = new Image(8, 9, PixelFormat.Gray8);
        TextRenderer.DrawText(image, 0, 0, "|", Color.Red);
        Assert.Equal(76, image.Row(0)[2]); // 0.299 * 255 = 76.2
    }
}
