using System.Numerics;
using FaceAlign3D.Imaging;

namespace FaceAlign3D.Tests.Imaging;

public class ImageTensorTests
{
    [Fact]
    public void PlanarBgrWithTddfaNormalisation()
    {
        // 2x1 RGB image: pixel 0 = (255, 0, 128), pixel 1 = (1, 2, 3).
        var image = new Image(2, 1, PixelFormat.Rgb8);
        new byte[] { 255, 0, 128, 1, 2, 3 }.CopyTo(image.Data, 0);
        var tensor = ImageTensor.ToArray(image, TensorOptions.Tddfa);
        static float N(int v) => (v - 127.5f) / 128;
        // Planes B, G, R, each in pixel order.
        Assert.Equal(new[] { N(128), N(3), N(0), N(2), N(255), N(1) }, tensor);
        Assert.Equal(0.99609375f, N(255));
    }

    [Fact]
    public void InterleavedRgbWithPerChannelMeanStd()
    {
        var image = new Image(1, 2, PixelFormat.Rgb8);
        new byte[] { 10, 20, 30, 40, 50, 60 }.CopyTo(image.Data, 0);
        var options = new TensorOptions
        {
            Layout = TensorLayout.Hwc,
            Normalization = TensorNormalization.FromMeanStd(new Vector3(10, 20, 40), new Vector3(2, 4, 5)),
        };
        Assert.Equal(new[] { 0f, 0f, -2f, 15f, 7.5f, 4f }, ImageTensor.ToArray(image, options));
    }

    // Untyped rows: ChannelOrder and TensorLayout are internal, and a member data source must be public.
    public static IEnumerable<object[]> Cases()
    {
        foreach (var f in new[] { PixelFormat.Gray8, PixelFormat.Rgb8, PixelFormat.Rgba8 })
            foreach (var o in new[] { ChannelOrder.Rgb, ChannelOrder.Bgr })
                foreach (var l in new[] { TensorLayout.Chw, TensorLayout.Hwc })
                    yield return [f, o, l];
    }

    [Theory]
    [MemberData(nameof(Cases))]
    internal void MatchesPerPixelDefinition(PixelFormat format, ChannelOrder order, TensorLayout layout)
    {
        // 11 wide so rows have whole 4-pixel blocks and a tail; padded stride exercises row addressing.
        var image = TestImages.Random(11, 5, format, 11, extraStride: 3);
        var norm = new TensorNormalization(new Vector3(1, 50, 200), new Vector3(0.5f, -2, 1f / 3));
        var tensor = ImageTensor.ToArray(image, new TensorOptions { Order = order, Layout = layout, Normalization = norm });
        float[] mean = [norm.Mean.X, norm.Mean.Y, norm.Mean.Z], scale = [norm.Scale.X, norm.Scale.Y, norm.Scale.Z];
        int w = image.Width, h = image.Height;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                var p = TestImages.Pixel(image, x, y);
                for (int c = 0; c < 3; c++)
                {
                    int sourceChannel = format == PixelFormat.Gray8 ? 0 : order == ChannelOrder.Bgr ? 2 - c : c;
                    float expected = (p[sourceChannel] - mean[c]) * scale[c];
                    int index = layout == TensorLayout.Chw ? (c * h + y) * w + x : (y * w + x) * 3 + c;
                    Assert.Equal(expected, tensor[index]);
                }
            }
    }

    [Fact]
    public void ShortDestinationIsRejected() =>
        Assert.Throws<ArgumentException>(() => ImageTensor.Write(new Image(2, 2, PixelFormat.Rgb8), new float[11], new TensorOptions()));

    [Fact]
    public void ZeroStdIsRejected() =>
        Assert.Throws<ArgumentException>(() => TensorNormalization.FromMeanStd(Vector3.Zero, new Vector3(1, 0, 1)));
}
