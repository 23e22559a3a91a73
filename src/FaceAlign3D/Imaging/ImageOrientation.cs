namespace FaceAlign3D.Imaging;

/// <summary>Quarter-turn rotations, clockwise on screen (cv2.rotate's ROTATE_90_CLOCKWISE, ROTATE_180, ROTATE_90_COUNTERCLOCKWISE).</summary>
internal enum QuarterTurn
{
    Clockwise90,
    Rotate180,
    Clockwise270,
}

/// <summary>Lossless flips and quarter-turn rotations; they move whole pixels, so every pixel format works.</summary>
internal static class ImageOrientation
{
    /// <summary>Mirror left-right: pixel (x, y) moves to (W-1-x, y).</summary>
    public static Image FlipHorizontal(Image source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var result = new Image(source.Width, source.Height, source.Format);
        int bpp = source.BytesPerPixel, w = source.Width;
        for (int y = 0; y < source.Height; y++)
        {
            var from = source.Row(y);
            var to = result.Row(y);
            for (int x = 0; x < w; x++)
                from.Slice(x * bpp, bpp).CopyTo(to.Slice((w - 1 - x) * bpp));
        }
        return result;
    }

    /// <summary>Mirror top-bottom: pixel (x, y) moves to (x, H-1-y).</summary>
    public static Image FlipVertical(Image source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var result = new Image(source.Width, source.Height, source.Format);
        for (int y = 0; y < source.Height; y++)
            source.Row(y).CopyTo(result.Row(source.Height - 1 - y));
        return result;
    }

    public static Image Rotate(Image source, QuarterTurn turn)
    {
        ArgumentNullException.ThrowIfNull(source);
        int w = source.Width, h = source.Height, bpp = source.BytesPerPixel;
        bool swap = turn != QuarterTurn.Rotate180;
        var result = swap ? new Image(h, w, source.Format) : new Image(w, h, source.Format);
        for (int y = 0; y < h; y++)
        {
            var from = source.Row(y);
            for (int x = 0; x < w; x++)
            {
                var (tx, ty) = turn switch
                {
                    QuarterTurn.Clockwise90 => (h - 1 - y, x),
                    QuarterTurn.Rotate180 => (w - 1 - x, h - 1 - y),
                    QuarterTurn.Clockwise270 => (y, w - 1 - x),
                    _ => throw new ArgumentOutOfRangeException(nameof(turn)),
                };
                from.Slice(x * bpp, bpp).CopyTo(result.Row(ty).Slice(tx * bpp));
            }
        }
        return result;
    }
}
