using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Draw;

namespace FaceAlign3D.Tests.Imaging.Draw;

public class TriangleRendererTests
{
    [Fact]
    public void CentroidTakesTheMeanOfVertexColours()
    {
        var image = new Image(40, 40, PixelFormat.Rgb8);
        TriangleRenderer.FillTriangle(image,
            new TriangleVertex(0, 0, 0, Color.Red), new TriangleVertex(30, 0, 0, Color.Green), new TriangleVertex(0, 30, 0, Color.Blue));
        // Centroid (10, 10): barycentric (1/3, 1/3, 1/3) -> 255/3 = 85 per channel.
        Assert.Equal(new byte[] { 85, 85, 85 }, TestImages.Pixel(image, 10, 10));
        // Near the red corner the colour is mostly red; outside the hypotenuse nothing is drawn.
        Assert.Equal(new byte[] { 238, 8, 8 }, TestImages.Pixel(image, 1, 1));
        Assert.Equal(new byte[] { 0, 0, 0 }, TestImages.Pixel(image, 20, 20));
    }

    [Fact]
    public void SharedEdgePixelsAreFilledExactlyOnce()
    {
        // Two triangles tiling the square [2,10]^2 with a translucent colour: any pixel blended twice would be brighter.
        var image = new Image(14, 14, PixelFormat.Gray8);
        var c = new Color(255, 255, 255, 100);
        var (a, b, d, e) = (new TriangleVertex(2, 2, 0, c), new TriangleVertex(10, 2, 0, c), new TriangleVertex(10, 10, 0, c), new TriangleVertex(2, 10, 0, c));
        TriangleRenderer.FillTriangle(image, a, b, d);
        TriangleRenderer.FillTriangle(image, a, d, e);
        for (int y = 0; y < 14; y++)
            for (int x = 0; x < 14; x++)
            {
                // Top-left rule: the top and left sides of the square are in, the right and bottom sides out.
                byte expected = x is >= 2 and < 10 && y is >= 2 and < 10 ? (byte)100 : (byte)0;
                Assert.Equal(expected, image.Row(y)[x]);
            }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DepthBufferHidesTheFartherTriangle(bool nearFirst)
    {
        var image = new Image(20, 20, PixelFormat.Rgb8);
        var depth = new DepthBuffer(20, 20);
        void Near() => TriangleRenderer.FillTriangle(image, new(0, 0, 1, Color.Red), new(15, 0, 1, Color.Red), new(0, 15, 1, Color.Red), depth);
        void Far() => TriangleRenderer.FillTriangle(image, new(19, 19, 2, Color.Green), new(2, 2, 2, Color.Green), new(19, 2, 2, Color.Green), depth);
        if (nearFirst) { Near(); Far(); } else { Far(); Near(); }
        Assert.Equal(new byte[] { 255, 0, 0 }, TestImages.Pixel(image, 5, 4));    // in both: the nearer red wins
        Assert.Equal(new byte[] { 0, 255, 0 }, TestImages.Pixel(image, 17, 10));  // only in the far one
        Assert.Equal(1f, depth[5, 4]);
        Assert.Equal(2f, depth[17, 10]);
        Assert.Equal(float.PositiveInfinity, depth[1, 18]);
    }

    [Fact]
    public void DepthIsInterpolated()
    {
        var image = new Image(20, 20, PixelFormat.Gray8);
        var depth = new DepthBuffer(20, 20);
        TriangleRenderer.FillTriangle(image, new(0, 0, 0, Color.White), new(18, 0, 9, Color.White), new(0, 18, 18, Color.White), depth);
        Assert.Equal(0.5f * 2 + 1f * 4, depth[2, 4], 4); // z = x/2 + y
    }

    [Fact]
    public void BadInputsAreRejected()
    {
        var image = new Image(4, 4, PixelFormat.Rgb8);
        Assert.Throws<ArgumentException>(() => TriangleRenderer.FillTriangle(image, new(0, 0, 0, Color.Red), new(3, 0, 0, Color.Red), new(0, 3, 0, Color.Red), new DepthBuffer(5, 4)));
        Assert.Throws<ArgumentException>(() => TriangleRenderer.FillTriangle(image, new(float.NaN, 0, 0, Color.Red), new(3, 0, 0, Color.Red), new(0, 3, 0, Color.Red)));
    }
}
