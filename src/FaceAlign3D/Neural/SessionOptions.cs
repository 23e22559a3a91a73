namespace FaceAlign3D.Neural;

/// <summary>Options for <see cref="InferenceSession"/>.</summary>
internal sealed class SessionOptions
{
    /// <summary>Threads used by one Run, including the calling thread. Default 1.</summary>
    public int ThreadCount { get; init; } = 1;

    /// <summary>
    /// Fixed shapes for inputs, by name. Required for inputs with dynamic dimensions; may also change the
    /// batch (first) dimension of a fixed input. Other fixed dimensions must match the model.
    /// </summary>
    public IReadOnlyDictionary<string, int[]> InputShapes { get; init; } = new Dictionary<string, int[]>();
}
