using FaceAlign3D.Imaging;

namespace FaceAlign3D.Tests.Imaging;

/// <summary>Small images built from literal values for the imaging tests.</summary>
internal static class TestImages
{
    public static Image Gray(byte[,] values)
    {
        var image = new Image(values.GetLength(1), values.GetLength(0), PixelFormat.Gray8);
        for (int y = 0; y < image.Height; y++)
            for (int x = 0; x < image.Width; x++)
                image.Row(y)[x] = values[y, x];
        return image;
    }

    /// <summary>Random pixels from a fixed seed, optionally with padded rows.</summary>
    public static Image Random(int width, int height, PixelFormat format, int seed, int extraStride = 0)
    {
        var random = new Random(seed);
        var image = new Image(width, height, format, width * format.BytesPerPixel() + extraStride, null);
        random.NextBytes(image.Data);
        return image;
    }

    public static Image Filled(int width, int height, PixelFormat format, params byte[] pixel)
    {
        var image = new Image(width, height, format);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                pixel.CopyTo(image.Row(y).Slice(x * pixel.Length));
        return image;
    }

    public static byte[,] ToArray(Image gray)
    {
        var result = new byte[gray.Height, gray.Width * gray.Channels];
        for (int y = 0; y < gray.Height; y++)
            for (int i = 0; i < gray.Width * gray.Channels; i++)
                result[y, i] = gray.Row(y)[i];
        return result;
    }

    public static bool SamePixels(Image a, Image b)
    {
        if (a.Width != b.Width || a.Height != b.Height || a.Format != b.Format)
            return false;
        for (int y = 0; y < a.Height; y++)
            if (!a.Row(y).SequenceEqual(b.Row(y)))
                return false;
        return true;
    }

    public static byte[] Pixel(Image image, int x, int y) => image.Row(y).Slice(x * image.BytesPerPixel, image.BytesPerPixel).ToArray();
}
