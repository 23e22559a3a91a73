using System.Buffers.Binary;

namespace FaceAlign3D.Imaging.Codecs.Jpeg;

/// <summary>Reads the EXIF orientation tag (0x0112) of an APP1 segment and applies it to a decoded image.</summary>
internal static class JpegExifOrientation
{
    private const ushort OrientationTag = 0x0112;
    private const ushort TypeShort = 3;

    /// <summary>
    /// Orientation 1..8 from an APP1 payload, or 1 when the segment is not EXIF or the tag is missing or malformed
    /// (a broken EXIF block is metadata damage, not a reason to reject the pixels; OpenCV ignores it too).
    /// </summary>
    public static int Read(ReadOnlySpan<byte> app1)
    {
        if (!app1.StartsWith("Exif\0\0"u8))
            return 1;
        var tiff = app1[6..];
        if (tiff.Length < 8)
            return 1;
        bool little;
        if (tiff[0] == 'I' && tiff[1] == 'I')
            little = true;
        else if (tiff[0] == 'M' && tiff[1] == 'M')
            little = false;
        else
            return 1;
        uint ifd = little ? BinaryPrimitives.ReadUInt32LittleEndian(tiff[4..]) : BinaryPrimitives.ReadUInt32BigEndian(tiff[4..]);
        if (ifd > (uint)tiff.Length - 2)
            return 1;
        int count = U16(tiff, (int)ifd, little);
        for (int i = 0; i < count; i++)
        {
            long entry = ifd + 2 + 12L * i;
            if (entry + 12 > tiff.Length)
                return 1;
            if (U16(tiff, (int)entry, little) != OrientationTag)
                continue;
            if (U16(tiff, (int)entry + 2, little) != TypeShort)
                return 1;
            int value = U16(tiff, (int)entry + 8, little);
            return value is >= 1 and <= 8 ? value : 1;
        }
        return 1;
    }

    private static ushort U16(ReadOnlySpan<byte> s, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(s[at..]) : BinaryPrimitives.ReadUInt16BigEndian(s[at..]);

    /// <summary>Returns the image as it should be displayed for EXIF <paramref name="orientation"/>.</summary>
    public static Image Apply(Image source, int orientation)
    {
        if (orientation is < 2 or > 8)
            return source;
        bool swap = orientation >= 5;
        int w = source.Width, h = source.Height, bpp = source.BytesPerPixel;
        var result = swap ? new Image(h, w, source.Format) : new Image(w, h, source.Format);
        for (int y = 0; y < result.Height; y++)
        {
            var dst = result.Row(y);
            for (int x = 0; x < result.Width; x++)
            {
                // Source pixel that lands at (x, y).
                (int sx, int sy) = orientation switch
                {
                    2 => (w - 1 - x, y),          // mirror horizontally
                    3 => (w - 1 - x, h - 1 - y),  // rotate 180
                    4 => (x, h - 1 - y),          // mirror vertically
                    5 => (y, x),                  // transpose
                    6 => (y, h - 1 - x),          // rotate 90 clockwise
                    7 => (w - 1 - y, h - 1 - x),  // transverse
                    _ => (w - 1 - y, x),          // 8: rotate 90 counter-clockwise
                };
                source.Data.AsSpan(sy * source.Stride + sx * bpp, bpp).CopyTo(dst.Slice(x * bpp, bpp));
            }
        }
        return result;
    }
}
