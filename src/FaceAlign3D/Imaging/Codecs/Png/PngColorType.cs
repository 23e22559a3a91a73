namespace FaceAlign3D.Imaging.Codecs.Png;

/// <summary>The colour type byte of a PNG IHDR chunk.</summary>
internal enum PngColorType : byte
{
    Gray = 0,
    Rgb = 2,
    Palette = 3,
    GrayAlpha = 4,
    Rgba = 6,
}
