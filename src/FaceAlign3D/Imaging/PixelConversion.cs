namespace FaceAlign3D.Imaging;

/// <summary>Converts any decoded image to 8-bit RGB, the format the detectors, aligners and overlays take.</summary>
internal static class PixelConversion
{
    /// <summary>
    /// The image as Rgb8: gray is replicated, alpha dropped (OpenCV's IMREAD_COLOR does the same), 16-bit
    /// samples keep their high byte. An Rgb8 image is returned as it is, not copied.
    /// </summary>
    public static Image ToRgb8(Image image)
    {
        if (image.Format == PixelFormat.Rgb8)
            return image;
        var rgb = new Image(image.Width, image.Height, PixelFormat.Rgb8);
        for (int y = 0; y < image.Height; y++)
            ToRgb8Row(image, y, rgb.Row(y));
        return rgb;
    }

    /// <summary>Writes row <paramref name="y"/> of <paramref name="image"/> as RGB8 into <paramref name="destination"/>.</summary>
    public static void ToRgb8Row(Image image, int y, Span<byte> destination)
    {
        int width = image.Width;
        if (destination.Length < 3 * width)
            throw new ArgumentException($"a row of {width} RGB pixels needs {3 * width} bytes", nameof(destination));
        var src = image.Row(y);
        int channels = image.Channels;
        if (image.Format.BytesPerChannel() == 1)
        {
            if (channels == 3)
            {
                src.CopyTo(destination);
                return;
            }
            for (int x = 0; x < width; x++)
            {
                int s = channels * x;
                if (channels == 1)
                    destination[3 * x] = destination[3 * x + 1] = destination[3 * x + 2] = src[s];
                else
                    (destination[3 * x], destination[3 * x + 1], destination[3 * x + 2]) = (src[s], src[s + 1], src[s + 2]);
            }
            return;
        }
        var wide = image.Row16(y);
        for (int x = 0; x < width; x++)
        {
            int s = channels * x;
            if (channels == 1)
                destination[3 * x] = destination[3 * x + 1] = destination[3 * x + 2] = (byte)(wide[s] >> 8);
            else
                (destination[3 * x], destination[3 * x + 1], destination[3 * x + 2]) = ((byte)(wide[s] >> 8), (byte)(wide[s + 1] >> 8), (byte)(wide[s + 2] >> 8));
        }
    }
}
