using FaceAlign3D.Neural;
using Microsoft.ML.OnnxRuntime;

namespace FaceAlign3D.Benchmarks.Neural;

/// <summary>
/// One shared model loaded twice, in our engine and in ONNX Runtime (one intra-op thread, all graph
/// optimisations), with the same random input and preallocated outputs for both.
/// </summary>
internal sealed class PeerModelCase : IDisposable
{
    public static readonly string[] Names = ["mb05_120x120", "faceboxes_720x1080", "rfb320_240x320"];

    private readonly FaceAlign3D.Neural.InferenceSession _ours;
    private readonly Microsoft.ML.OnnxRuntime.InferenceSession _peer;
    private readonly ReadOnlyMemory<float>[] _inputs;
    private readonly Memory<float>[] _outputs;
    private readonly OrtValue[] _peerInputs, _peerOutputs;
    private readonly string[] _peerInputNames, _peerOutputNames;
    private readonly RunOptions _runOptions = new();

    public PeerModelCase(string name)
    {
        var (file, shape) = name switch
        {
            "mb05_120x120" => (Path.Combine("tddfa_v2", "mb05_120x120.onnx"), new[] { 1, 3, 120, 120 }),
            "faceboxes_720x1080" => (Path.Combine("tddfa_v2", "faceboxes_prod.onnx"), new[] { 1, 3, 720, 1080 }),
            "rfb320_240x320" => (Path.Combine("ultralight", "version-RFB-320.onnx"), new[] { 1, 3, 240, 320 }),
            _ => throw new ArgumentException($"unknown model case '{name}'"),
        };
        string path = Path.Combine(SharedData.Root(), "models", file);
        _ours = FaceAlign3D.Neural.InferenceSession.Load(path,
            new FaceAlign3D.Neural.SessionOptions { InputShapes = new Dictionary<string, int[]> { ["input"] = shape } });
        var random = new Random(1);
        var input = Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(_ => random.NextSingle() * 2 - 1).ToArray();
        _inputs = [input];
        _outputs = _ours.Outputs.Select(o => (Memory<float>)new float[o.Length]).ToArray();

        using var options = new Microsoft.ML.OnnxRuntime.SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        _peer = new Microsoft.ML.OnnxRuntime.InferenceSession(path, options);
        _peerInputNames = [_peer.InputNames[0]];
        _peerInputs = [OrtValue.CreateTensorValueFromMemory(input, shape.Select(d => (long)d).ToArray())];
        _peerOutputNames = _peer.OutputNames.ToArray();
        _peerOutputs = _ours.Outputs.Select(o => OrtValue.CreateTensorValueFromMemory(new float[o.Length], o.Shape.Select(d => (long)d).ToArray())).ToArray();
    }

    public FaceAlign3D.Neural.InferenceSession Ours => _ours;

    public ReadOnlySpan<ReadOnlyMemory<float>> Inputs => _inputs;

    public void RunOurs() => _ours.Run(_inputs, _outputs);

    public void RunPeer() => _peer.Run(_runOptions, _peerInputNames, _peerInputs, _peerOutputNames, _peerOutputs);

    public void Dispose()
    {
        foreach (var v in _peerInputs.Concat(_peerOutputs)) v.Dispose();
        _runOptions.Dispose();
        _peer.Dispose();
        _ours.Dispose();
    }
}
