using System.Collections.Concurrent;
using FaceAlign3D.Detection;
using FaceAlign3D.Neural;
using FaceAlign3D.Neural.Graph;

namespace FaceAlign3D.Pipeline;

/// <summary>
/// Runs one single-input model on our engine for whatever input shape a caller brings: a session is planned
/// per distinct shape (FaceBoxes sees a new size for each photo size) and kept for reuse. Thread-safe.
/// </summary>
internal sealed class SessionNetwork : INetwork
{
    private readonly ModelGraph _graph;
    private readonly int _threads;
    private readonly int _maxSessions;
    private readonly ConcurrentDictionary<string, Lazy<InferenceSession>> _sessions = new();

    /// <param name="graph">The model, read once.</param>
    /// <param name="threads">Threads each session may use.</param>
    /// <param name="maxSessions">How many input shapes stay planned before the cache starts over.</param>
    public SessionNetwork(ModelGraph graph, int threads = 1, int maxSessions = 8)
    {
        if (graph.Inputs.Count != 1)
            throw new ArgumentException($"{graph.Source}: expected a single-input model, it has {graph.Inputs.Count} inputs", nameof(graph));
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSessions, 1);
        _graph = graph;
        _threads = threads;
        _maxSessions = maxSessions;
    }

    /// <summary>The model as the function detectors and aligners call.</summary>
    public NetworkFunction Function => Run;

    /// <summary>The planned session for an input shape (planning it on first use).</summary>
    public InferenceSession SessionFor(int[] shape)
    {
        string key = string.Join(",", shape);
        if (!_sessions.ContainsKey(key) && _sessions.Count >= _maxSessions)
            Clear();
        return _sessions.GetOrAdd(key, _ => new Lazy<InferenceSession>(() => InferenceSession.Create(_graph, new SessionOptions
        {
            ThreadCount = _threads,
            InputShapes = new Dictionary<string, int[]> { [_graph.Inputs[0].Name] = (int[])shape.Clone() },
        }))).Value;
    }

    public void Dispose() => Clear();

    private IReadOnlyList<float[]> Run(float[] input, int[] inputShape) => SessionFor(inputShape).Run(input);

    private void Clear()
    {
        foreach (var key in _sessions.Keys)
            if (_sessions.TryRemove(key, out var lazy) && lazy.IsValueCreated)
                lazy.Value.Dispose();
    }
}
