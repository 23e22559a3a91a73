namespace FaceAlign3D.OnnxRuntime;

/// <summary>Where ONNX Runtime runs a network.</summary>
public enum OnnxRuntimeDevice
{
    Cpu,

    /// <summary>The CUDA execution provider; needs a CUDA build of ONNX Runtime (see docs/onnxruntime.md).</summary>
    Cuda,
}

/// <summary>How <see cref="OnnxRuntimeNetwork"/> sets up its session.</summary>
public sealed record OnnxRuntimeOptions
{
    /// <summary>Threads one forward pass may use (ONNX Runtime's intra-op pool).</summary>
    public int Threads { get; init; } = 1;

    public OnnxRuntimeDevice Device { get; init; } = OnnxRuntimeDevice.Cpu;

    /// <summary>The GPU ordinal when <see cref="Device"/> is CUDA.</summary>
    public int DeviceId { get; init; }
}
