namespace FaceAlign3D.Formats;

/// <summary>A model or tensor file is corrupt, truncated, unsupported or inconsistent.</summary>
public sealed class ModelFormatException : Exception
{
    public ModelFormatException(string? fileName, string reason, Exception? inner = null)
        : base(fileName is null ? reason : $"{fileName}: {reason}", inner)
    {
        FileName = fileName;
        Reason = reason;
    }

    public string? FileName { get; }
    public string Reason { get; }
}
