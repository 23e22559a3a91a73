using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Draw;

namespace FaceAlign3D.Tests.Imaging.Draw;

public class LineRendererTests
{
    private static byte Red(Image image, int x, int y) => image.Row(y)[x * image.Channels];

    [Fact]
    public void OnePixelLineThroughCentresCoversExactlyThosePixels()
    {
        var image = new Image(10, 7, PixelFormat.Rgb8);
        LineRenderer.DrawLine(image, 1, 3, 8, 3, Color.White);
        for (int y = 0; y < 7; y++)
            for (int x = 0; x < 10; x++)
            {
                // Coverage = 1 - distance to the segment: 1 on the line, 0 one pixel away (rows 2 and 4, columns 0 and 9).
                byte expected = y == 3 && x is >= 1 and <= 8 ? (byte)255 : (byte)0;
                Assert.Equal(new[] { expected, expected, expected }, TestImages.Pixel(image, x, y));
            }
    }

    [Fact]
    public void LineBetweenRowsSplitsCoverage()
    {
        var image = new Image(10, 6, PixelFormat.Gray8);
        LineRenderer.DrawLine(image, 2, 2.5f, 7, 2.5f, Color.White);
        // Both neighbouring rows are half a pixel away: coverage 0.5 -> 127.5 -> 128.
        for (int x = 2; x <= 7; x++)
        {
            Assert.Equal(128, image.Row(2)[x]);
            Assert.Equal(128, image.Row(3)[x]);
            Assert.Equal(0, image.Row(1)[x]);
            Assert.Equal(0, image.Row(4)[x]);
        }
    }

    [Fact]
    public void DiagonalCoversItsPixelsAndAntiAliasesNeighbours()
    {
        var image = new Image(10, 10, PixelFormat.Rgb8);
        LineRenderer.DrawLine(image, 0, 0, 9, 9, Color.Red);
        for (int i = 0; i < 10; i++)
            Assert.Equal(255, Red(image, i, i));
        // (i+1, i) is 1/sqrt(2) from the diagonal: coverage 1 - 0.7071 = 0.2929 -> 75.
        Assert.Equal(75, Red(image, 5, 4));
        Assert.Equal(0, Red(image, 6, 4));
        Assert.Equal(0, Red(image, 0, 9));
    }

    [Fact]
    public void ThicknessWidensTheLine()
    {
        var image = new Image(12, 11, PixelFormat.Gray8);
        LineRenderer.DrawLine(image, 2, 5, 9, 5, Color.White, thickness: 3);
        // Rows 4..6 lie within 1.5 of the centre line (coverage 1); rows 3 and 7 are 2 away (coverage 0).
        byte[] column = [0, 255, 255, 255, 0];
        for (int x = 2; x <= 9; x++)
            Assert.Equal(column, Enumerable.Range(3, 5).Select(y => image.Row(y)[x]).ToArray());
    }

    [Fact]
    public void TranslucentColourBlendsOverBackground()
    {
        var image = TestImages.Filled(6, 3, PixelFormat.Rgb8, 0, 0, 255);
        LineRenderer.DrawLine(image, 0, 1, 5, 1, new Color(255, 0, 0, 128));
        // alpha 128/255: red 255 * 0.502 = 128, blue 255 * (1 - 0.502) = 127.
        Assert.Equal(new byte[] { 128, 0, 127 }, TestImages.Pixel(image, 3, 1));
        Assert.Equal(new byte[] { 0, 0, 255 }, TestImages.Pixel(image, 3, 0));
    }

    [Fact]
    public void ClosedPolylineBlendsJointsOnce()
    {
        var image = new Image(12, 12, PixelFormat.Gray8);
        (float, float)[] square = [(2, 2), (9, 2), (9, 9), (2, 9)];
        LineRenderer.DrawPolyline(image, square, new Color(255, 255, 255, 100), closed: true);
        // Corners belong to two segments yet take the same single blend as the edge middles.
        byte edge = image.Row(2)[5];
        Assert.Equal(100, edge);
        Assert.Equal(edge, image.Row(2)[2]);
        Assert.Equal(edge, image.Row(9)[9]);
        Assert.Equal(edge, image.Row(5)[2]);
        Assert.Equal(0, image.Row(5)[5]);
    }

    [Fact]
    public void LinesLeavingTheImageAreClipped()
    {
        var image = new Image(5, 5, PixelFormat.Rgba8);
        LineRenderer.DrawLine(image, -100, 2, 100, 2, Color.Green, thickness: 2);
        Assert.Equal(new byte[] { 0, 255, 0, 255 }, TestImages.Pixel(image, 0, 2));
        Assert.Throws<ArgumentException>(() => LineRenderer.DrawLine(image, float.NaN, 0, 1, 1, Color.Green));
        Assert.Throws<ArgumentOutOfRangeException>(() => LineRenderer.DrawLine(image, 0, 0, 1, 1, Color.Green, thickness: 0));
    }
}
