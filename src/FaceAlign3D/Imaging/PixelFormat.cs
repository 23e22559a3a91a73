namespace FaceAlign3D.Imaging;

/// <summary>Interleaved pixel layouts. 16-bit formats store each channel as a native-endian ushort.</summary>
public enum PixelFormat
{
    Gray8,
    Rgb8,
    Rgba8,
    Gray16,
    Rgb16,
    Rgba16,
}

internal static class PixelFormatInfo
{
    public static int Channels(this PixelFormat format) => format switch
    {
        PixelFormat.Gray8 or PixelFormat.Gray16 => 1,
        PixelFormat.Rgb8 or PixelFormat.Rgb16 => 3,
        PixelFormat.Rgba8 or PixelFormat.Rgba16 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static int BytesPerChannel(this PixelFormat format) =>
        format is PixelFormat.Gray16 or PixelFormat.Rgb16 or PixelFormat.Rgba16 ? 2 : 1;

    public static int BytesPerPixel(this PixelFormat format) => format.Channels() * format.BytesPerChannel();
}
