namespace FaceAlign3D.Pipeline.Batches;

/// <summary>
/// One item of a batch (an image, or a video of a track batch): its face count (tracks for a video) or why it
/// failed; <see cref="Resumed"/> when an earlier run did it.
/// </summary>
public sealed record BatchItemResult(string File, int Faces, string? Error, double Milliseconds, bool Resumed);
