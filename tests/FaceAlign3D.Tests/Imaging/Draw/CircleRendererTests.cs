using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Draw;

namespace FaceAlign3D.Tests.Imaging.Draw;

public class CircleRendererTests
{
    [Fact]
    public void FilledCircleCoverageByDistance()
    {
        var image = new Image(21, 21, PixelFormat.Gray8);
        CircleRenderer.FillCircle(image, 10, 10, 4, Color.White);
        for (int y = 0; y < 21; y++)
            for (int x = 0; x < 21; x++)
            {
                double d = Math.Sqrt((x - 10) * (x - 10) + (y - 10) * (y - 10));
                if (d <= 3.5) Assert.Equal(255, image.Row(y)[x]);
                if (d >= 4.5) Assert.Equal(0, image.Row(y)[x]);
            }
        Assert.Equal(128, image.Row(14)[10]); // on the rim: coverage 0.5
    }

    [Fact]
    public void OutlineCoversTheRingOnly()
    {
        var image = new Image(21, 21, PixelFormat.Gray8);
        CircleRenderer.DrawCircle(image, 10, 10, 6, Color.White, thickness: 2);
        Assert.Equal(255, image.Row(10)[16]); // on the circle
        Assert.Equal(255, image.Row(4)[10]);
        Assert.Equal(0, image.Row(10)[10]);   // centre untouched
        Assert.Equal(0, image.Row(10)[18]);   // two pixels outside
        Assert.Equal(0, image.Row(10)[12]);
    }

    [Fact]
    public void TranslucentDiscOverRgbaKeepsOpacity()
    {
        var image = new Image(9, 9, PixelFormat.Rgba8);
        CircleRenderer.FillCircle(image, 4, 4, 2, new Color(200, 100, 50, 64));
        // Over a transparent pixel the colour is kept and the alpha becomes the drawn alpha.
        Assert.Equal(new byte[] { 200, 100, 50, 64 }, TestImages.Pixel(image, 4, 4));
        Assert.Equal(new byte[] { 0, 0, 0, 0 }, TestImages.Pixel(image, 0, 0));
    }
}
