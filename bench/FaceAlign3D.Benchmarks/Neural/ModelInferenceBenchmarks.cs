using BenchmarkDotNet.Attributes;
using FaceAlign3D.Neural;

namespace FaceAlign3D.Benchmarks.Neural;

/// <summary>
/// One InferenceSession.Run per invocation on the shared models, single thread, inputs of the shapes the
/// ONNX Runtime peer (bench/peers/onnxruntime_bench.js) uses. Models are read from FACEALIGN3D_SHARED or ../shared.
/// </summary>
[MemoryDiagnoser]
public class ModelInferenceBenchmarks
{
    private InferenceSession _session = null!;
    private ReadOnlyMemory<float>[] _inputs = [];
    private Memory<float>[] _outputs = [];

    [Params("mb05_120x120", "faceboxes_720x1080", "rfb320_240x320")]
    public string Model { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var (file, shape) = Model switch
        {
            "mb05_120x120" => (Path.Combine("tddfa_v2", "mb05_120x120.onnx"), new[] { 1, 3, 120, 120 }),
            "faceboxes_720x1080" => (Path.Combine("tddfa_v2", "faceboxes_prod.onnx"), new[] { 1, 3, 720, 1080 }),
            _ => (Path.Combine("ultralight", "version-RFB-320.onnx"), new[] { 1, 3, 240, 320 }),
        };
        _session = InferenceSession.Load(Path.Combine(SharedData.Root(), "models", file),
            new SessionOptions { InputShapes = new Dictionary<string, int[]> { ["input"] = shape } });
        var random = new Random(1);
        _inputs = _session.Inputs.Select(i => (ReadOnlyMemory<float>)Enumerable.Range(0, i.Length).Select(_ => random.NextSingle() * 2 - 1).ToArray()).ToArray();
        _outputs = _session.Outputs.Select(o => (Memory<float>)new float[o.Length]).ToArray();
    }

    [Benchmark]
    public void Run() => _session.Run(_inputs, _outputs);

    [GlobalCleanup]
    public void Cleanup() => _session.Dispose();
}
