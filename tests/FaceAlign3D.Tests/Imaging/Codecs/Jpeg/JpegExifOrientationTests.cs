using System.Buffers.Binary;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs.Jpeg;

namespace FaceAlign3D.Tests.Imaging.Codecs.Jpeg;

public class JpegExifOrientationTests
{
    private const int Width = 32, Height = 16;

    /// <summary>Gray 32x16 image with a red 8x8 block at the top-left and a green one at the top-right.</summary>
    private static byte[] MarkedJpeg()
    {
        var image = new Image(Width, Height, PixelFormat.Rgb8);
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
            {
                (byte r, byte g, byte b) = y < 8 && x < 8 ? ((byte)255, (byte)0, (byte)0)
                    : y < 8 && x >= Width - 8 ? ((byte)0, (byte)255, (byte)0)
                    : ((byte)128, (byte)128, (byte)128);
                image.Row(y)[3 * x] = r;
                image.Row(y)[3 * x + 1] = g;
                image.Row(y)[3 * x + 2] = b;
            }
        return JpegEncoder.Encode(image, 95, JpegChromaSubsampling.Yuv444);
    }

    /// <summary>APP1 payload: "Exif\0\0" + TIFF header + IFD0 with the orientation tag only.</summary>
    private static byte[] ExifPayload(int orientation, bool littleEndian)
    {
        var p = new byte[6 + 8 + 2 + 12 + 4];
        "Exif\0\0"u8.CopyTo(p);
        const int tiff = 6;
        void U16(int at, int v)
        {
            if (littleEndian) BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(tiff + at), (ushort)v);
            else BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(tiff + at), (ushort)v);
        }
        var t = p.AsSpan(tiff);
        t[0] = t[1] = (byte)(littleEndian ? 'I' : 'M');
        U16(2, 42);
        if (littleEndian) BinaryPrimitives.WriteUInt32LittleEndian(t[4..], 8);
        else BinaryPrimitives.WriteUInt32BigEndian(t[4..], 8);
        U16(8, 1);          // one entry
        U16(10, 0x0112);    // orientation
        U16(12, 3);         // SHORT
        if (littleEndian) BinaryPrimitives.WriteUInt32LittleEndian(t[14..], 1);
        else BinaryPrimitives.WriteUInt32BigEndian(t[14..], 1);
        U16(18, orientation);
        return p;
    }

    public enum Corner { TopLeft, TopRight, BottomLeft, BottomRight }

    private static (byte R, byte G, byte B) CornerPixel(Image image, Corner corner)
    {
        int x = corner is Corner.TopLeft or Corner.BottomLeft ? 2 : image.Width - 3;
        int y = corner is Corner.TopLeft or Corner.TopRight ? 2 : image.Height - 3;
        var p = image.Row(y).Slice(3 * x, 3);
        return (p[0], p[1], p[2]);
    }

    [Theory]
    [InlineData(1, Corner.TopLeft, Corner.TopRight, false)]
    [InlineData(2, Corner.TopRight, Corner.TopLeft, true)]
    [InlineData(3, Corner.BottomRight, Corner.BottomLeft, false)]
    [InlineData(4, Corner.BottomLeft, Corner.BottomRight, true)]
    [InlineData(5, Corner.TopLeft, Corner.BottomLeft, false)]
    [InlineData(6, Corner.TopRight, Corner.BottomRight, true)]
    [InlineData(7, Corner.BottomRight, Corner.TopRight, false)]
    [InlineData(8, Corner.BottomLeft, Corner.TopLeft, true)]
    public void OrientationMovesTheMarkedCorners(int orientation, Corner red, Corner green, bool littleEndian)
    {
        var jpeg = JpegTestFiles.InsertAfterSoi(MarkedJpeg(), 0xE1, ExifPayload(orientation, littleEndian));

        var shown = JpegDecoder.Decode(jpeg, "exif.jpg", new DecodeOptions { ApplyExifOrientation = true });
        var (w, h) = orientation >= 5 ? (Height, Width) : (Width, Height);
        Assert.Equal((w, h), (shown.Width, shown.Height));
        var r = CornerPixel(shown, red);
        var g = CornerPixel(shown, green);
        Assert.True(r.R > 220 && r.G < 40 && r.B < 40, $"expected red at {red}, got {r}");
        Assert.True(g.G > 220 && g.R < 40 && g.B < 40, $"expected green at {green}, got {g}");

        var stored = JpegDecoder.Decode(jpeg, "exif.jpg", new DecodeOptions { ApplyExifOrientation = false });
        Assert.Equal((Width, Height), (stored.Width, stored.Height));
        Assert.True(CornerPixel(stored, Corner.TopLeft).R > 220);
    }

    [Fact]
    public void MalformedExifIsIgnored()
    {
        var payload = ExifPayload(6, littleEndian: false);
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(6 + 4), 0xFFFF_FF00); // IFD offset past the segment
        var jpeg = JpegTestFiles.InsertAfterSoi(MarkedJpeg(), 0xE1, payload);
        var image = JpegDecoder.Decode(jpeg, "exif.jpg", new DecodeOptions { ApplyExifOrientation = true });
        Assert.Equal((Width, Height), (image.Width, image.Height));
    }
}
