using FaceAlign3D.Imaging;

namespace FaceAlign3D.Tests.Imaging;

public class ImageWarpTests
{
    [Fact]
    public void IntegerTranslationShiftsPixelsAndFillsBorder()
    {
        var source = TestImages.Random(10, 8, PixelFormat.Rgb8, 6);
        byte[] border = [1, 2, 3];
        var result = ImageWarp.Affine(source, AffineMatrix.Translation(3, -2), 10, 8, border);
        for (int y = 0; y < 8; y++)
            for (int x = 0; x < 10; x++)
            {
                int sx = x - 3, sy = y + 2;
                var expected = sx >= 0 && sy < 8 ? TestImages.Pixel(source, sx, sy) : border;
                Assert.Equal(expected, TestImages.Pixel(result, x, y));
            }
    }

    [Fact]
    public void HalfPixelTranslationAveragesNeighbours()
    {
        // dst(x) = src(x - 0.5): equal 2^14 weights give (a + b + 1) >> 1; the left column mixes in the zero border.
        // cv2.warpAffine gives the same [[5, 15, 25], [20, 45, 55]].
        var source = TestImages.Gray(new byte[,] { { 10, 20, 30 }, { 40, 50, 60 } });
        var result = ImageWarp.Affine(source, AffineMatrix.Translation(0.5, 0), 3, 2);
        Assert.Equal(new byte[,] { { 5, 15, 25 }, { 20, 45, 55 } }, TestImages.ToArray(result));
    }

    [Theory]
    [InlineData(-90, QuarterTurn.Clockwise90)]
    [InlineData(180, QuarterTurn.Rotate180)]
    [InlineData(90, QuarterTurn.Clockwise270)]
    internal void QuarterRotationAboutCentreEqualsLosslessRotation(double degrees, QuarterTurn turn)
    {
        // About the centre (3, 3) of a 7x7 image every pixel centre lands on a pixel centre.
        var source = TestImages.Random(7, 7, PixelFormat.Rgba8, 7);
        var warped = ImageWarp.Affine(source, AffineMatrix.Rotation(3, 3, degrees), 7, 7);
        Assert.True(TestImages.SamePixels(ImageOrientation.Rotate(source, turn), warped));
    }

    [Fact]
    public void InverseMapOptionMatchesForwardMatrix()
    {
        var source = TestImages.Random(20, 15, PixelFormat.Rgb8, 8);
        var forward = AffineMatrix.Rotation(9.5, 7, 23, 1.3).Then(AffineMatrix.Translation(1.25, -0.75));
        var viaForward = ImageWarp.Affine(source, forward, 24, 18);
        var viaInverse = ImageWarp.AffineInverse(source, forward.Invert(), 24, 18);
        Assert.True(TestImages.SamePixels(viaForward, viaInverse));
    }

    [Fact]
    public void IdentityIsExactCopy()
    {
        var source = TestImages.Random(9, 6, PixelFormat.Gray8, 9, extraStride: 3);
        Assert.True(TestImages.SamePixels(source, ImageWarp.Affine(source, AffineMatrix.Identity, 9, 6)));
    }

    [Fact]
    public void MatrixInverseAndComposition()
    {
        var m = AffineMatrix.Rotation(4, -2, 37, 0.8).Then(AffineMatrix.Translation(3, 5));
        var (x, y) = m.Apply(1.5, 2.5);
        var (bx, by) = m.Invert().Apply(x, y);
        Assert.Equal(1.5, bx, 12);
        Assert.Equal(2.5, by, 12);
        var (cx, cy) = AffineMatrix.Rotation(4, -2, 37, 0.8).Apply(4, -2);
        Assert.Equal((4.0, -2.0), (Math.Round(cx, 12), Math.Round(cy, 12)));
    }

    [Fact]
    public void SingularOrNonFiniteMatricesAreRejected()
    {
        var image = new Image(4, 4, PixelFormat.Gray8);
        Assert.Throws<ArgumentException>(() => ImageWarp.Affine(image, new AffineMatrix(1, 2, 0, 2, 4, 0), 4, 4));
        Assert.Throws<ArgumentException>(() => ImageWarp.AffineInverse(image, new AffineMatrix(double.NaN, 0, 0, 0, 1, 0), 4, 4));
        Assert.Throws<ArgumentException>(() => ImageWarp.Affine(image, AffineMatrix.Identity, 4, 4, [1, 2]));
    }
}
