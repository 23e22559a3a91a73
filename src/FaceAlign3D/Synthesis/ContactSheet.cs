using FaceAlign3D.Imaging;

namespace FaceAlign3D.Synthesis;

/// <summary>Tiles images, each scaled into a square cell (aspect kept, grey margins), row by row.</summary>
internal static class ContactSheet
{
    /// <exception cref="ArgumentException">no images, or a non-positive cell size or column count.</exception>
    public static Image Compose(IReadOnlyList<Image> images, int cell = 160, int columns = 6)
    {
        if (images.Count == 0 || cell <= 0 || columns <= 0)
            throw new ArgumentException("a contact sheet needs images, a positive cell size and columns");
        int cols = Math.Min(columns, images.Count), rows = (images.Count + cols - 1) / cols;
        var sheet = new Image(cols * cell, rows * cell, PixelFormat.Rgb8);
        sheet.Data.AsSpan().Fill(48);
        for (int k = 0; k < images.Count; k++)
        {
            var src = PixelConversion.ToRgb8(images[k]);
            double s = (double)cell / Math.Max(src.Width, src.Height);
            int w = Math.Max(1, (int)Math.Round(src.Width * s)), h = Math.Max(1, (int)Math.Round(src.Height * s));
            var small = ImageResize.Resize(src, w, h, ResizeInterpolation.Area);
            int ox = (k % cols) * cell + (cell - w) / 2, oy = (k / cols) * cell + (cell - h) / 2;
            for (int y = 0; y < h; y++)
                small.Row(y).CopyTo(sheet.Row(oy + y)[(3 * ox)..]);
        }
        return sheet;
    }
}
