namespace FaceAlign3D.Imaging;

/// <summary>An image file could not be decoded: it is corrupt, truncated, unsupported or over a limit.</summary>
public sealed class ImageFormatException : Exception
{
    public ImageFormatException(string? fileName, string reason, Exception? inner = null)
        : base(fileName is null ? reason : $"{fileName}: {reason}", inner)
    {
        FileName = fileName;
        Reason = reason;
    }

    /// <summary>The file that failed, when known.</summary>
    public string? FileName { get; }

    /// <summary>What was wrong, without the file name.</summary>
    public string Reason { get; }
}
