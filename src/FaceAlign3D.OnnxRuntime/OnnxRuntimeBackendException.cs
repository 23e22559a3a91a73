namespace FaceAlign3D.OnnxRuntime;

/// <summary>
/// ONNX Runtime cannot be used for a model: its native library is missing or broken, the model is one it cannot
/// run, or the requested device is not in this build. The message is one line and names the way out.
/// </summary>
public sealed class OnnxRuntimeBackendException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The advice every message ends with: our own engine runs every model the toolkit ships.</summary>
    public const string Advice = "use the built-in engine instead (--engine managed)";
}
