using FaceAlign3D.Imaging;

namespace FaceAlign3D.Tests.Imaging;

public class ImageCropTests
{
    [Theory]
    // Python's round() sends halves to the even neighbour, which is what 3DDFA_V2's crop_img uses.
    [InlineData(2.5, 2)]
    [InlineData(3.5, 4)]
    [InlineData(-0.5, 0)]
    [InlineData(-1.5, -2)]
    [InlineData(72.4493408203125, 72)]
    [InlineData(741.2915203857422, 741)]
    public void FromRoiRoundsHalfToEven(double value, int expected)
    {
        var box = PixelBox.FromRoi(value, value, value + 10, value + 20);
        Assert.Equal(expected, box.X1);
        Assert.Equal(expected, box.Y1);
    }

    [Fact]
    public void FromRoiRejectsNaN() =>
        Assert.Throws<ArgumentException>(() => PixelBox.FromRoi(double.NaN, 0, 1, 1));

    [Fact]
    public void InsideBoxCopiesPixels()
    {
        var source = TestImages.Random(9, 7, PixelFormat.Rgb8, 1, extraStride: 5);
        var crop = ImageCrop.Crop(source, new PixelBox(2, 1, 6, 5));
        Assert.Equal((4, 4, PixelFormat.Rgb8), (crop.Width, crop.Height, crop.Format));
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 4; x++)
                Assert.Equal(TestImages.Pixel(source, x + 2, y + 1), TestImages.Pixel(crop, x, y));
    }

    [Fact]
    public void PartsOutsideTheImageAreZero()
    {
        // 3x2 image, box from (-2,-1) to (4,3): one extra column right, two left, one row above and below.
        var source = TestImages.Gray(new byte[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var crop = ImageCrop.Crop(source, new PixelBox(-2, -1, 4, 3));
        Assert.Equal(new byte[,]
        {
            { 0, 0, 0, 0, 0, 0 },
            { 0, 0, 1, 2, 3, 0 },
            { 0, 0, 4, 5, 6, 0 },
            { 0, 0, 0, 0, 0, 0 },
        }, TestImages.ToArray(crop));
    }

    [Fact]
    public void BoxEntirelyOutsideGivesZeros()
    {
        var crop = ImageCrop.Crop(TestImages.Filled(4, 4, PixelFormat.Rgba8, 9, 9, 9, 9), new PixelBox(10, 10, 13, 12));
        Assert.All(crop.Data, b => Assert.Equal(0, b));
    }

    [Fact]
    public void EmptyBoxIsRejected() =>
        Assert.Throws<ArgumentException>(() => ImageCrop.Crop(TestImages.Filled(2, 2, PixelFormat.Gray8, 1), new PixelBox(1, 1, 1, 3)));
}
