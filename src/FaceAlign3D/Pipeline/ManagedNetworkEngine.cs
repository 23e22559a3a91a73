using FaceAlign3D.Neural.Formats.Onnx;
using FaceAlign3D.Neural.Formats.TfLite;
using FaceAlign3D.Neural.Graph;

namespace FaceAlign3D.Pipeline;

/// <summary>The toolkit's own inference engine: ONNX and TFLite files run on <see cref="SessionNetwork"/>.</summary>
public sealed class ManagedNetworkEngine : INetworkEngine
{
    public static ManagedNetworkEngine Instance { get; } = new();

    private ManagedNetworkEngine()
    {
    }

    public string Name => "managed";

    public INetwork Open(string modelPath, int threads) => new SessionNetwork(ReadGraph(modelPath), threads);

    /// <summary>Reads a model file with the reader its extension names (.tflite: TFLite, otherwise ONNX).</summary>
    internal static ModelGraph ReadGraph(string path) =>
        path.EndsWith(".tflite", StringComparison.OrdinalIgnoreCase) ? TfLiteModelReader.Read(path) : OnnxModelReader.Read(path);
}
