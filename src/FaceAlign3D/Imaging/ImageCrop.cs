namespace FaceAlign3D.Imaging;

/// <summary>Cuts a rectangle out of an image; the parts of the rectangle outside the image come out as zeros.</summary>
internal static class ImageCrop
{
    /// <summary>
    /// Copies <paramref name="box"/> of <paramref name="source"/> into a new image of the box's size and the
    /// source's format, zero-filled where the box leaves the image (3DDFA_V2's crop_img semantics).
    /// </summary>
    public static Image Crop(Image source, PixelBox box)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (box.Width <= 0 || box.Height <= 0)
            throw new ArgumentException($"crop box {box} is empty", nameof(box));
        var result = new Image(box.Width, box.Height, source.Format);
        int bpp = source.BytesPerPixel;
        int x1 = Math.Max(box.X1, 0), x2 = Math.Min(box.X2, source.Width);
        int y1 = Math.Max(box.Y1, 0), y2 = Math.Min(box.Y2, source.Height);
        if (x1 >= x2 || y1 >= y2)
            return result;
        int bytes = (x2 - x1) * bpp;
        for (int y = y1; y < y2; y++)
        {
            source.Row(y).Slice(x1 * bpp, bytes)
                .CopyTo(result.Row(y - box.Y1).Slice((x1 - box.X1) * bpp));
        }
        return result;
    }
}
