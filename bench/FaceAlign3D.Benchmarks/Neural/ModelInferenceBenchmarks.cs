using BenchmarkDotNet.Attributes;

namespace FaceAlign3D.Benchmarks.Neural;

/// <summary>
/// One inference per invocation on the shared models, single thread: our InferenceSession against ONNX Runtime
/// (the baseline, in-process from NuGet) on the same random input, so the Ratio column is ours / ORT.
/// Models are read from FACEALIGN3D_SHARED or ../shared.
/// </summary>
[MemoryDiagnoser]
public class ModelInferenceBenchmarks
{
    private PeerModelCase _case = null!;

    [Params("mb05_120x120", "faceboxes_720x1080", "rfb320_240x320")]
    public string Model { get; set; } = "";

    [GlobalSetup]
    public void Setup() => _case = new PeerModelCase(Model);

    [Benchmark]
    public void FaceAlign3D() => _case.RunOurs();

    [Benchmark(Baseline = true)]
    public void OnnxRuntime() => _case.RunPeer();

    [GlobalCleanup]
    public void Cleanup() => _case.Dispose();
}
