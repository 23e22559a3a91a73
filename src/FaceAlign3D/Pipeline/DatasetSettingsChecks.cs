namespace FaceAlign3D.Pipeline;

/// <summary>The settings checks the synthetic dataset builders share, with the CLI option names in their messages.</summary>
internal static class DatasetSettingsChecks
{
    /// <exception cref="ArgumentException"><paramref name="count"/> is not positive.</exception>
    public static void RequireCount(int count)
    {
        if (count <= 0)
            throw new ArgumentException($"--count must be positive, got {count}");
    }

    /// <exception cref="ArgumentException"><paramref name="size"/> is outside 64-2048 pixels.</exception>
    public static void RequireImageSize(int size)
    {
        if (size is < 64 or > 2048)
            throw new ArgumentException($"the image size must lie within 64-2048 pixels, got {size}");
    }
}
