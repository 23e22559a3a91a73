using System.Buffers.Binary;

namespace FaceAlign3D.Imaging.Codecs.Png;

/// <summary>The validated contents of an IHDR chunk and the row geometry it implies.</summary>
internal readonly record struct PngHeader(int Width, int Height, int BitDepth, PngColorType ColorType, bool Interlaced)
{
    public const int Length = 13;

    public int SamplesPerPixel => ColorType switch
    {
        PngColorType.Rgb => 3,
        PngColorType.GrayAlpha => 2,
        PngColorType.Rgba => 4,
        _ => 1,
    };

    public int BitsPerPixel => SamplesPerPixel * BitDepth;

    /// <summary>Distance in bytes to the "left" byte used by the Sub, Average and Paeth filters.</summary>
    public int FilterStep => Math.Max(1, BitsPerPixel / 8);

    /// <summary>Bytes of one filtered row of <paramref name="pixels"/> pixels, without the filter-type byte.</summary>
    public long RowBytes(int pixels) => ((long)pixels * BitsPerPixel + 7) / 8;

    /// <summary>Parses IHDR; dimensions are checked against <paramref name="options"/> before anything is allocated.</summary>
    public static PngHeader Parse(ReadOnlySpan<byte> ihdr, string? fileName, DecodeOptions options)
    {
        if (ihdr.Length != Length)
            throw new ImageFormatException(fileName, $"IHDR chunk has {ihdr.Length} bytes instead of {Length}");
        uint width = BinaryPrimitives.ReadUInt32BigEndian(ihdr);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(ihdr[4..]);
        options.CheckDimensions(fileName, width, height);
        int bitDepth = ihdr[8];
        var colorType = (PngColorType)ihdr[9];
        bool validDepth = colorType switch
        {
            PngColorType.Gray => bitDepth is 1 or 2 or 4 or 8 or 16,
            PngColorType.Palette => bitDepth is 1 or 2 or 4 or 8,
            PngColorType.Rgb or PngColorType.GrayAlpha or PngColorType.Rgba => bitDepth is 8 or 16,
            _ => throw new ImageFormatException(fileName, $"invalid PNG colour type {ihdr[9]}"),
        };
        if (!validDepth)
            throw new ImageFormatException(fileName, $"bit depth {bitDepth} is not allowed for colour type {colorType}");
        if (ihdr[10] != 0)
            throw new ImageFormatException(fileName, $"unknown compression method {ihdr[10]}");
        if (ihdr[11] != 0)
            throw new ImageFormatException(fileName, $"unknown filter method {ihdr[11]}");
        if (ihdr[12] > 1)
            throw new ImageFormatException(fileName, $"unknown interlace method {ihdr[12]}");
        return new PngHeader((int)width, (int)height, bitDepth, colorType, ihdr[12] == 1);
    }
}
