using System.IO.Compression;
using FaceAlign3D.Imaging.Codecs.Png;

namespace FaceAlign3D.Imaging.Codecs;

/// <summary>Writes images to files.</summary>
public static class ImageEncoder
{
    /// <summary>Saves <paramref name="image"/> as a PNG (any <see cref="PixelFormat"/>; 16-bit stays 16-bit).</summary>
    public static void SavePng(Image image, string path, CompressionLevel level = CompressionLevel.Optimal)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        PngEncoder.Encode(image, file, level);
    }
}
