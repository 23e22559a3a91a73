using FaceAlign3D.Imaging;
using FaceAlign3D.Rendering;

namespace FaceAlign3D.Tests.Rendering;

public sealed class TextureSamplerTests
{
    [Fact]
    public void The_fixed_point_lookup_stays_within_one_grey_level_of_the_float_one()
    {
        var image = new Image(23, 17, PixelFormat.Rgb8);
        var random = new Random(5);
        random.NextBytes(image.Data);
        Span<float> exact = stackalloc float[3];
        Span<byte> fixedPoint = stackalloc byte[3];
        for (int n = 0; n < 2000; n++)
        {
            // Inside, on the border and outside (clamped), plus a non-finite position (taken as 0).
            float x = n == 0 ? float.NaN : (float)(random.NextDouble() * 27 - 2), y = (float)(random.NextDouble() * 21 - 2);
            TextureSampler.AtPixel(image, x, y, exact);
            TextureSampler.AtPixelRgb8(image, x, y, fixedPoint);
            for (int c = 0; c < 3; c++)
                Assert.InRange(fixedPoint[c] - exact[c] * 255, -1, 1);
        }
        // On a pixel centre it is that pixel exactly.
        TextureSampler.AtPixelRgb8(image, 4, 9, fixedPoint);
        Assert.Equal(image.Data.AsSpan(9 * image.Stride + 12, 3).ToArray(), fixedPoint.ToArray());
        Assert.Throws<ArgumentException>(() => TextureSampler.AtPixelRgb8(new Image(2, 2, PixelFormat.Gray8), 0, 0, new byte[3]));
    }
}
