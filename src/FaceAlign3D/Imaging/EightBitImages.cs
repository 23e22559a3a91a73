namespace FaceAlign3D.Imaging;

/// <summary>Argument checks shared by the 8-bit pixel operations.</summary>
internal static class EightBitImages
{
    public static void Require(Image image, string operation)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Format is not (PixelFormat.Gray8 or PixelFormat.Rgb8 or PixelFormat.Rgba8))
            throw new NotSupportedException($"{operation}: {image.Format} images are not supported; use Gray8, Rgb8 or Rgba8");
    }

    public static void RequireSize(int width, int height, string operation)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"{operation}: output size must be positive, got {width}x{height}");
    }

    /// <summary>
    /// Row <paramref name="y"/> of the window <paramref name="box"/>: the image's own row when the window row lies
    /// inside the image, else a zero-padded copy in <paramref name="buffer"/> (see <see cref="ReadWindowRow"/>).
    /// </summary>
    public static ReadOnlySpan<byte> WindowRow(Image image, PixelBox box, int y, Span<byte> buffer)
    {
        int sy = box.Y1 + y;
        if (sy >= 0 && sy < image.Height && box.X1 >= 0 && box.X2 <= image.Width)
            return image.Row(sy).Slice(box.X1 * image.BytesPerPixel, box.Width * image.BytesPerPixel);
        ReadWindowRow(image, box, y, buffer);
        return buffer;
    }

    /// <summary>
    /// Copies row <paramref name="y"/> of the window <paramref name="box"/> over <paramref name="image"/> into
    /// <paramref name="destination"/> (box.Width pixels), with zeros wherever the window leaves the image.
    /// </summary>
    public static void ReadWindowRow(Image image, PixelBox box, int y, Span<byte> destination)
    {
        int bpp = image.BytesPerPixel;
        int sy = box.Y1 + y;
        if (sy < 0 || sy >= image.Height)
        {
            destination.Clear();
            return;
        }
        int x1 = Math.Max(box.X1, 0), x2 = Math.Min(box.X2, image.Width);
        if (x1 >= x2)
        {
            destination.Clear();
            return;
        }
        int lead = (x1 - box.X1) * bpp;
        int count = (x2 - x1) * bpp;
        destination[..lead].Clear();
        image.Row(sy).Slice(x1 * bpp, count).CopyTo(destination[lead..]);
        destination[(lead + count)..].Clear();
    }
}
