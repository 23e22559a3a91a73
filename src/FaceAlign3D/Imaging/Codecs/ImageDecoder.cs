using FaceAlign3D.Imaging.Codecs.Bmp;
using FaceAlign3D.Imaging.Codecs.Png;
using FaceAlign3D.Imaging.Codecs.Pnm;

namespace FaceAlign3D.Imaging.Codecs;

/// <summary>Decodes image files of any supported format, recognised by their leading bytes rather than their name.</summary>
public static class ImageDecoder
{
    /// <summary>Reads and decodes the file at <paramref name="path"/>.</summary>
    /// <exception cref="ImageFormatException">The file cannot be read, its format is unknown, or it is corrupt or over a limit.</exception>
    public static Image Load(string path, DecodeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageFormatException(path, "cannot read file: " + e.Message, e);
        }
        return Decode(bytes, path, options);
    }

    /// <summary>Decodes <paramref name="data"/>; <paramref name="fileName"/> only names the source in error messages.</summary>
    /// <exception cref="ImageFormatException">The format is unknown, or the data is corrupt or over a limit.</exception>
    public static Image Decode(ReadOnlySpan<byte> data, string? fileName, DecodeOptions? options = null)
    {
        options ??= DecodeOptions.Default;
        try
        {
            if (PngDecoder.IsPng(data))
                return PngDecoder.Decode(data, fileName, options);
            if (IsJpeg(data))
                return Jpeg.JpegDecoder.Decode(data, fileName, options);
            if (BmpDecoder.IsBmp(data))
                return BmpDecoder.Decode(data, fileName, options);
            if (PnmDecoder.IsPnm(data))
                return PnmDecoder.Decode(data, fileName, options);
        }
        catch (Exception e) when (CodecErrors.IsUntyped(e))
        {
            throw CodecErrors.Wrap(fileName, e);
        }
        throw new ImageFormatException(fileName, "unknown image format (not PNG, JPEG, BMP, PGM or PPM)");
    }

    /// <summary>True when the leading bytes are those of a format this decoder reads (the data may still be corrupt).</summary>
    public static bool IsSupported(ReadOnlySpan<byte> data) =>
        PngDecoder.IsPng(data) || IsJpeg(data) || BmpDecoder.IsBmp(data) || PnmDecoder.IsPnm(data);

    private static bool IsJpeg(ReadOnlySpan<byte> data) => data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF;
}
