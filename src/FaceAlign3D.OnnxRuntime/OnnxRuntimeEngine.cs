using FaceAlign3D.Pipeline;

namespace FaceAlign3D.OnnxRuntime;

/// <summary>
/// Opens ONNX models on ONNX Runtime; TFLite models (MediaPipe's) stay on the toolkit's managed engine, which is
/// the only one that reads them.
/// </summary>
public sealed class OnnxRuntimeEngine(OnnxRuntimeDevice device = OnnxRuntimeDevice.Cpu, int deviceId = 0) : INetworkEngine
{
    public string Name => "onnxruntime";

    public INetwork Open(string modelPath, int threads) =>
        modelPath.EndsWith(".tflite", StringComparison.OrdinalIgnoreCase)
            ? ManagedNetworkEngine.Instance.Open(modelPath, threads)
            : OnnxRuntimeNetwork.Load(modelPath, new OnnxRuntimeOptions { Threads = threads, Device = device, DeviceId = deviceId });
}
