namespace FaceAlign3D.Evaluation.Datasets;

/// <summary>A whole annotation or prediction file could not be used: missing, unreadable or of the wrong shape.</summary>
public sealed class EvaluationDataException : Exception
{
    public EvaluationDataException(string? fileName, string reason, Exception? inner = null)
        : base(fileName is null ? reason : $"{fileName}: {reason}", inner)
    {
        FileName = fileName;
        Reason = reason;
    }

    public string? FileName { get; }

    public string Reason { get; }
}

/// <summary>One item (image, face, entry) that was skipped, by name, with the reason.</summary>
public sealed record DatasetIssue(string Item, string Reason);
