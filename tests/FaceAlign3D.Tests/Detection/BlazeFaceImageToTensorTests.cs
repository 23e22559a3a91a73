using FaceAlign3D.Detection;
using FaceAlign3D.Imaging;
using Region = FaceAlign3D.Detection.BlazeFaceImageToTensor.Region;

namespace FaceAlign3D.Tests.Detection;

public class BlazeFaceImageToTensorTests
{
    /// <summary>A 4x4 RGB image whose red value is 10x + y, green 100, blue 50 + x.</summary>
    private static Image Gradient()
    {
        var image = new Image(4, 4, PixelFormat.Rgb8);
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 4; x++)
            {
                var row = image.Row(y);
                row[3 * x] = (byte)(10 * x + y);
                row[3 * x + 1] = 100;
                row[3 * x + 2] = (byte)(50 + x);
            }
        return image;
    }

    [Fact]
    public void The_whole_image_at_its_own_size_is_copied_planar()
    {
        var t = BlazeFaceImageToTensor.ToTensor(Gradient(), new Region(1.5, 1.5, 4, 4, 0), 4, 4, 0, 255, BlazeFaceImageToTensor.Border.Zero);
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 4; x++)
            {
                Assert.Equal(10 * x + y, t[y * 4 + x], 3);
                Assert.Equal(100, t[16 + y * 4 + x], 3);
                Assert.Equal(50 + x, t[32 + y * 4 + x], 3);
            }
    }

    [Fact]
    public void A_quarter_turn_reads_the_image_along_its_columns()
    {
        // Rotation +pi/2: the tensor's x axis points down the image, its y axis to the left: t(i, j) = image(3 - i, j).
        var t = BlazeFaceImageToTensor.ToTensor(Gradient(), new Region(1.5, 1.5, 4, 4, Math.PI / 2), 4, 4, 0, 1, BlazeFaceImageToTensor.Border.Zero);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                Assert.Equal((10 * (3 - i) + j) / 255f, t[i * 4 + j], 4);
    }

    [Fact]
    public void Half_pixel_steps_interpolate_and_the_border_follows_its_mode()
    {
        // 8x8 output over the 4x4 image: samples at quarter-pixel offsets from the pixel centres.
        var zero = BlazeFaceImageToTensor.ToTensor(Gradient(), new Region(1.5, 1.5, 4, 4, 0), 8, 8, -1, 1, BlazeFaceImageToTensor.Border.Zero);
        var replicate = BlazeFaceImageToTensor.ToTensor(Gradient(), new Region(1.5, 1.5, 4, 4, 0), 8, 8, 0, 255, BlazeFaceImageToTensor.Border.Replicate);
        // Output (row 3, col 3) samples x = y = 1.25: red 10 * 1.25 + 1.25.
        Assert.Equal(13.75f, replicate[3 * 8 + 3], 3);
        // Output (0, 0) samples x = y = -0.25, inside the image's area: edge pixels, clamped.
        Assert.Equal(0f, replicate[0], 3);
        // A region larger than the image: outside samples are the border value.
        var wide = BlazeFaceImageToTensor.ToTensor(Gradient(), new Region(1.5, 1.5, 8, 8, 0), 8, 8, -1, 1, BlazeFaceImageToTensor.Border.Zero);
        Assert.Equal(-1f, wide[8 + 0 + 2 * 64]); // blue plane, row 1, col 0: x = -2
        var wideReplicate = BlazeFaceImageToTensor.ToTensor(Gradient(), new Region(1.5, 1.5, 8, 8, 0), 8, 8, 0, 255, BlazeFaceImageToTensor.Border.Replicate);
        Assert.Equal(50f, wideReplicate[8 + 2 * 64], 3);
        Assert.Equal(-1f + 2f * 50 / 255, zero[2 * 64], 4); // inside: blue of pixel (0, 0)
    }

    [Fact]
    public void Invalid_regions_and_formats_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => BlazeFaceImageToTensor.ToTensor(Gradient(), new Region(double.NaN, 0, 4, 4, 0), 4, 4, 0, 1, BlazeFaceImageToTensor.Border.Zero));
        Assert.Throws<ArgumentException>(() => BlazeFaceImageToTensor.ToTensor(Gradient(), new Region(0, 0, 0, 4, 0), 4, 4, 0, 1, BlazeFaceImageToTensor.Border.Zero));
        Assert.Throws<ArgumentException>(() => BlazeFaceImageToTensor.ToTensor(new Image(2, 2, PixelFormat.Gray8), new Region(0, 0, 2, 2, 0), 4, 4, 0, 1, BlazeFaceImageToTensor.Border.Zero));
    }
}
