namespace FaceAlign3D.Imaging;

/// <summary>Limits and choices for decoding untrusted image files.</summary>
public sealed record DecodeOptions
{
    /// <summary>Largest width x height accepted before any pixel memory is allocated.</summary>
    public long MaxPixels { get; init; } = 200_000_000;

    /// <summary>Rotate/flip JPEGs as their EXIF orientation tag says (OpenCV's imread default).</summary>
    public bool ApplyExifOrientation { get; init; }

    public static DecodeOptions Default { get; } = new();

    /// <summary>Throws <see cref="ImageFormatException"/> when a header's dimensions are invalid or over the limit.</summary>
    public void CheckDimensions(string? fileName, long width, long height)
    {
        if (width <= 0 || height <= 0)
            throw new ImageFormatException(fileName, $"invalid dimensions {width}x{height}");
        if (width > int.MaxValue / 8 || height > int.MaxValue / 8 || width * height > MaxPixels)
            throw new ImageFormatException(fileName, $"dimensions {width}x{height} exceed the limit of {MaxPixels} pixels");
    }
}
