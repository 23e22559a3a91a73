namespace FaceAlign3D.Imaging.Draw;

/// <summary>An 8-bit RGBA drawing colour; A is opacity (255 opaque), blended with the "over" operator.</summary>
internal readonly record struct Color(byte R, byte G, byte B, byte A = 255)
{
    public static Color Black => new(0, 0, 0);
    public static Color White => new(255, 255, 255);
    public static Color Red => new(255, 0, 0);
    public static Color Green => new(0, 255, 0);
    public static Color Blue => new(0, 0, 255);
    public static Color Yellow => new(255, 255, 0);
    public static Color Cyan => new(0, 255, 255);
}
