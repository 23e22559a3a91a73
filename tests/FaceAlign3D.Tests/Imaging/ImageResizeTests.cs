using FaceAlign3D.Imaging;

namespace FaceAlign3D.Tests.Imaging;

public class ImageResizeTests
{
    [Theory]
    [InlineData(PixelFormat.Gray8)]
    [InlineData(PixelFormat.Rgb8)]
    [InlineData(PixelFormat.Rgba8)]
    public void SameSizeIsExactCopy(PixelFormat format)
    {
        var source = TestImages.Random(13, 9, format, 2, extraStride: 3);
        foreach (var mode in new[] { ResizeInterpolation.Linear, ResizeInterpolation.Area })
        {
            var result = ImageResize.Resize(source, 13, 9, mode);
            Assert.True(TestImages.SamePixels(source, result), $"{mode} changed pixels");
        }
    }

    [Theory]
    [InlineData(7, 5, 120, 120, ResizeInterpolation.Linear)]
    [InlineData(50, 40, 17, 13, ResizeInterpolation.Linear)]
    [InlineData(50, 40, 17, 13, ResizeInterpolation.Area)]
    [InlineData(9, 9, 30, 4, ResizeInterpolation.Area)]
    [InlineData(8, 8, 4, 4, ResizeInterpolation.Area)]
    internal void ConstantImageStaysConstant(int w, int h, int dw, int dh, ResizeInterpolation mode)
    {
        var source = TestImages.Filled(w, h, PixelFormat.Rgb8, 17, 200, 255);
        var result = ImageResize.Resize(source, dw, dh, mode);
        for (int y = 0; y < dh; y++)
            for (int x = 0; x < dw; x++)
                Assert.Equal(new byte[] { 17, 200, 255 }, TestImages.Pixel(result, x, y));
    }

    [Fact]
    public void TwoByTwoUpscaleToThreeByThreeMatchesOpenCvFixedPoint()
    {
        // Worked by hand with OpenCV's INTER_LINEAR rules (scale 2/3, source = (d + 0.5) * scale - 0.5, 11-bit weights):
        // x (and y) taps: d=0 -> clamped to pixel 0; d=1 -> halfway (1024/1024); d=2 -> clamped to pixel 1.
        // The centre is (0 + 100 + 200 + 50) / 4 = 87.5, which the fixed-point path rounds to 88 (cv2.resize agrees).
        var source = TestImages.Gray(new byte[,] { { 0, 100 }, { 200, 50 } });
        var result = ImageResize.Resize(source, 3, 3);
        Assert.Equal(new byte[,] { { 0, 50, 100 }, { 100, 88, 75 }, { 200, 125, 50 } }, TestImages.ToArray(result));
    }

    [Fact]
    public void TwoTimesUpscaleOfARowUsesQuarterWeights()
    {
        // Destination x maps to (x + 0.5) / 2 - 0.5: -0.25 (clamped), 0.25, 0.75, 1.25 (clamped).
        // [0, 2] gives 0, 0.5 and 1.5 before rounding; OpenCV's arithmetic rounds the halves up.
        Assert.Equal(new byte[,] { { 0, 25, 75, 100 } }, TestImages.ToArray(ImageResize.Resize(TestImages.Gray(new byte[,] { { 0, 100 } }), 4, 1)));
        Assert.Equal(new byte[,] { { 0, 1, 2, 2 } }, TestImages.ToArray(ImageResize.Resize(TestImages.Gray(new byte[,] { { 0, 2 } }), 4, 1)));
    }

    [Fact]
    public void TwoTimesDownscaleIsBlockMeanRoundingHalfUp()
    {
        // OpenCV turns an exact 2x shrink into a 2x2 block mean, (sum + 2) >> 2, for both modes.
        // Blocks: {1,2,3,4} -> 2.5 -> 3 and {0,0,1,1} -> 0.5 -> 1.
        var source = TestImages.Gray(new byte[,] { { 1, 2, 0, 0 }, { 3, 4, 1, 1 } });
        foreach (var mode in new[] { ResizeInterpolation.Linear, ResizeInterpolation.Area })
            Assert.Equal(new byte[,] { { 3, 1 } }, TestImages.ToArray(ImageResize.Resize(source, 2, 1, mode)));
    }

    [Theory]
    [InlineData(16, 10, PixelFormat.Rgb8)]
    // Rows wide enough for the vector passes, with tails (75 and 67 output pixels).
    [InlineData(150, 6, PixelFormat.Gray8)]
    [InlineData(150, 6, PixelFormat.Rgb8)]
    [InlineData(150, 6, PixelFormat.Rgba8)]
    [InlineData(134, 4, PixelFormat.Rgb8)]
    public void AreaDownscaleByTwoEqualsBlockMeansOnRandomImage(int width, int height, PixelFormat format)
    {
        var source = TestImages.Random(width, height, format, 3);
        var result = ImageResize.Resize(source, width / 2, height / 2, ResizeInterpolation.Area);
        for (int y = 0; y < height / 2; y++)
            for (int x = 0; x < width / 2; x++)
                for (int c = 0; c < source.Channels; c++)
                {
                    int sum = 0;
                    for (int j = 0; j < 2; j++)
                        for (int i = 0; i < 2; i++)
                            sum += TestImages.Pixel(source, 2 * x + i, 2 * y + j)[c];
                    Assert.Equal((sum + 2) / 4, TestImages.Pixel(result, x, y)[c]);
                }
    }

    [Theory]
    // A 4x4 block mean with other integer factors rounds half to even (OpenCV multiplies by 1/16 and uses cvRound):
    // sum 24 -> 1.5 -> 2, sum 40 -> 2.5 -> 2.
    [InlineData(24, 2)]
    [InlineData(40, 2)]
    [InlineData(56, 4)]
    public void AreaFourByFourRoundsHalfToEven(int sum, byte expected)
    {
        var values = new byte[4, 4];
        for (int i = 0; i < sum / 8; i++)
            values[i / 4, i % 4] = 8;
        Assert.Equal(expected, ImageResize.Resize(TestImages.Gray(values), 1, 1, ResizeInterpolation.Area).Row(0)[0]);
    }

    [Fact]
    public void AreaThreeToTwoWeightsPartialCells()
    {
        // Cells of 1.5 pixels: out0 = (2*30 + 60) / 3 = 40, out1 = (60 + 2*90) / 3 = 80.
        var result = ImageResize.Resize(TestImages.Gray(new byte[,] { { 30, 60, 90 } }), 2, 1, ResizeInterpolation.Area);
        Assert.Equal(new byte[,] { { 40, 80 } }, TestImages.ToArray(result));
    }

    [Fact]
    public void LinearStaysWithinNeighbourRangeOnRandomImage()
    {
        // Interpolated values never leave the range of the two source samples they mix (up to 1 level of rounding).
        var source = TestImages.Random(11, 1, PixelFormat.Gray8, 4);
        var result = ImageResize.Resize(source, 37, 1);
        double scale = 11.0 / 37;
        for (int x = 0; x < 37; x++)
        {
            double s = Math.Clamp((x + 0.5) * scale - 0.5, 0, 10);
            int lo = (int)Math.Floor(s), hi = Math.Min(lo + 1, 10);
            int a = source.Row(0)[lo], b = source.Row(0)[hi];
            Assert.InRange(result.Row(0)[x], Math.Min(a, b) - 1, Math.Max(a, b) + 1);
        }
    }

    [Theory]
    [InlineData(301, 40, 223, 31, PixelFormat.Rgb8)]
    [InlineData(301, 40, 223, 31, PixelFormat.Rgba8)]
    [InlineData(100, 20, 257, 45, PixelFormat.Rgb8)]
    public void LinearResizesEachChannelAsAGrayImage(int width, int height, int dw, int dh, PixelFormat format)
    {
        // The horizontal pass works on interleaved channels; each must come out as if resized alone.
        var source = TestImages.Random(width, height, format, 6);
        var result = ImageResize.Resize(source, dw, dh);
        for (int c = 0; c < source.Channels; c++)
        {
            var plane = new byte[height, width];
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                    plane[y, x] = TestImages.Pixel(source, x, y)[c];
            var expected = ImageResize.Resize(TestImages.Gray(plane), dw, dh);
            for (int y = 0; y < dh; y++)
                for (int x = 0; x < dw; x++)
                    Assert.Equal(expected.Row(y)[x], TestImages.Pixel(result, x, y)[c]);
        }
    }

    [Theory]
    [InlineData(ResizeInterpolation.Linear)]
    [InlineData(ResizeInterpolation.Area)]
    internal void CropResizeEqualsCropThenResize(ResizeInterpolation mode)
    {
        var source = TestImages.Random(40, 30, PixelFormat.Rgb8, 5, extraStride: 2);
        foreach (var box in new[] { new PixelBox(-7, -3, 25, 33), new PixelBox(10, 5, 38, 29), new PixelBox(30, 20, 61, 50), new PixelBox(-5, -5, -1, 2) })
        {
            var expected = ImageResize.Resize(ImageCrop.Crop(source, box), 12, 9, mode);
            var actual = ImageResize.CropResize(source, box, 12, 9, mode);
            Assert.True(TestImages.SamePixels(expected, actual), $"box {box}");
        }
    }

    [Fact]
    public void SixteenBitImagesAreRejected() =>
        Assert.Throws<NotSupportedException>(() => ImageResize.Resize(new Image(4, 4, PixelFormat.Rgb16), 2, 2));

    [Fact]
    public void NonPositiveSizeIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageResize.Resize(new Image(4, 4, PixelFormat.Gray8), 0, 2));
}
