namespace FaceAlign3D.Imaging.Codecs;

/// <summary>Turns the stray exceptions a parser can hit on malformed bytes into <see cref="ImageFormatException"/>.</summary>
internal static class CodecErrors
{
    /// <summary>True for exceptions that mean "these bytes are malformed" and are not already typed.</summary>
    public static bool IsUntyped(Exception e) => e is not ImageFormatException and not OutOfMemoryException;

    public static ImageFormatException Wrap(string? fileName, Exception e) =>
        new(fileName, $"corrupt data ({e.GetType().Name}: {e.Message})", e);
}
