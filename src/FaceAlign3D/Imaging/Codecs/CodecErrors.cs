namespace FaceAlign3D.Imaging.Codecs;

/// <summary>Turns the stray exceptions a parser can hit on malformed bytes into <see cref="ImageFormatException"/>.</summary>
internal static class CodecErrors
{
    public delegate Image SpanDecoder(ReadOnlySpan<byte> data, string? fileName, DecodeOptions options);

    /// <summary>Runs <paramref name="decode"/>, turning whatever untyped exception malformed bytes cause into an <see cref="ImageFormatException"/>.</summary>
    public static Image Decode(ReadOnlySpan<byte> data, string? fileName, DecodeOptions options, SpanDecoder decode)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return decode(data, fileName, options);
        }
        catch (Exception e) when (IsUntyped(e))
        {
            throw Wrap(fileName, e);
        }
    }

    /// <summary>True for exceptions that mean "these bytes are malformed" and are not already typed.</summary>
    public static bool IsUntyped(Exception e) => e is not ImageFormatException and not OutOfMemoryException;

    public static ImageFormatException Wrap(string? fileName, Exception e) =>
        new(fileName, $"corrupt data ({e.GetType().Name}: {e.Message})", e);
}
