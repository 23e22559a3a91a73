using FaceAlign3D.Imaging;

namespace FaceAlign3D.Tests.Imaging;

public class ImageOrientationTests
{
    private static readonly Image Source = TestImages.Gray(new byte[,] { { 1, 2, 3 }, { 4, 5, 6 } });

    [Fact]
    public void ClockwiseQuarterTurnOfSmallImage() =>
        Assert.Equal(new byte[,] { { 4, 1 }, { 5, 2 }, { 6, 3 } }, TestImages.ToArray(ImageOrientation.Rotate(Source, QuarterTurn.Clockwise90)));

    [Fact]
    public void CounterClockwiseQuarterTurnOfSmallImage() =>
        Assert.Equal(new byte[,] { { 3, 6 }, { 2, 5 }, { 1, 4 } }, TestImages.ToArray(ImageOrientation.Rotate(Source, QuarterTurn.Clockwise270)));

    [Fact]
    public void FlipsOfSmallImage()
    {
        Assert.Equal(new byte[,] { { 3, 2, 1 }, { 6, 5, 4 } }, TestImages.ToArray(ImageOrientation.FlipHorizontal(Source)));
        Assert.Equal(new byte[,] { { 4, 5, 6 }, { 1, 2, 3 } }, TestImages.ToArray(ImageOrientation.FlipVertical(Source)));
    }

    [Theory]
    [InlineData(PixelFormat.Rgb8)]
    [InlineData(PixelFormat.Rgba16)]
    public void CompositionIdentities(PixelFormat format)
    {
        var image = TestImages.Random(5, 3, format, 10, extraStride: 4);
        Image Turn(Image i, QuarterTurn t) => ImageOrientation.Rotate(i, t);
        var once = Turn(image, QuarterTurn.Clockwise90);
        Assert.True(TestImages.SamePixels(image, Turn(Turn(Turn(once, QuarterTurn.Clockwise90), QuarterTurn.Clockwise90), QuarterTurn.Clockwise90)));
        Assert.True(TestImages.SamePixels(Turn(image, QuarterTurn.Rotate180), Turn(once, QuarterTurn.Clockwise90)));
        Assert.True(TestImages.SamePixels(Turn(image, QuarterTurn.Rotate180), ImageOrientation.FlipVertical(ImageOrientation.FlipHorizontal(image))));
        Assert.True(TestImages.SamePixels(image, Turn(once, QuarterTurn.Clockwise270)));
        Assert.True(TestImages.SamePixels(image, ImageOrientation.FlipHorizontal(ImageOrientation.FlipHorizontal(image))));
    }
}
