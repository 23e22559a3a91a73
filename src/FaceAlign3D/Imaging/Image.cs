namespace FaceAlign3D.Imaging;

/// <summary>
/// An interleaved, row-major image with top-left origin. Rows may be padded: <see cref="Stride"/> is the
/// byte distance between the starts of consecutive rows.
/// </summary>
public sealed class Image
{
    public Image(int width, int height, PixelFormat format)
        : this(width, height, format, checked(width * format.BytesPerPixel()), null)
    {
    }

    /// <summary>Wraps existing pixel data (not copied). <paramref name="data"/> null allocates a zeroed buffer.</summary>
    public Image(int width, int height, PixelFormat format, int stride, byte[]? data)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"image size must be positive, got {width}x{height}");
        int rowBytes = checked(width * format.BytesPerPixel());
        if (stride < rowBytes)
            throw new ArgumentOutOfRangeException(nameof(stride), $"stride {stride} is shorter than a row of {rowBytes} bytes");
        long needed = (long)stride * (height - 1) + rowBytes;
        if (data is null)
            data = new byte[checked((long)stride * height)];
        else if (data.Length < needed)
            throw new ArgumentException($"buffer of {data.Length} bytes is smaller than the {needed} the image needs", nameof(data));
        Width = width;
        Height = height;
        Format = format;
        Stride = stride;
        Data = data;
    }

    public int Width { get; }
    public int Height { get; }
    public PixelFormat Format { get; }
    public int Stride { get; }
    public byte[] Data { get; }

    public int Channels => Format.Channels();
    public int BytesPerPixel => Format.BytesPerPixel();
    public long PixelCount => (long)Width * Height;

    /// <summary>The bytes of row <paramref name="y"/>, without padding.</summary>
    public Span<byte> Row(int y) => Data.AsSpan(y * Stride, Width * BytesPerPixel);

    /// <summary>Row <paramref name="y"/> of a 16-bit image as channel values.</summary>
    public Span<ushort> Row16(int y)
    {
        if (Format.BytesPerChannel() != 2)
            throw new InvalidOperationException($"{Format} is not a 16-bit format");
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(Row(y));
    }

    public Image Clone() => new(Width, Height, Format, Stride, (byte[])Data.Clone());
}
