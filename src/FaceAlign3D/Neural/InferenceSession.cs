using FaceAlign3D.Neural.Formats.Onnx;
using FaceAlign3D.Neural.Graph;
using FaceAlign3D.Neural.Planning;
using FaceAlign3D.Neural.Runtime;

namespace FaceAlign3D.Neural;

/// <summary>
/// A model planned for fixed input shapes and ready to run. All memory (weights, activations, scratch) is
/// allocated at load time, so <see cref="Run(ReadOnlySpan{ReadOnlyMemory{float}}, ReadOnlySpan{Memory{float}})"/>
/// allocates nothing. Runs are serialised: one session computes one request at a time.
/// </summary>
internal sealed class InferenceSession : IDisposable
{
    private readonly ExecutionPlan _plan;
    private readonly WorkerPool _pool;
    private readonly RunContext _context;
    private readonly Lock _gate = new();
    private bool _disposed;

    private InferenceSession(ModelGraph graph, SessionOptions options)
    {
        if (options.ThreadCount < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.ThreadCount, "ThreadCount must be at least 1");
        Graph = graph;
        var shapes = graph.Inputs.Select(i => ResolveShape(graph, i, options)).ToArray();
        foreach (var name in options.InputShapes.Keys)
            if (graph.Inputs.All(i => i.Name != name))
                throw new ArgumentException($"{graph.Source}: the model has no input named '{name}' (inputs: {string.Join(", ", graph.Inputs.Select(i => i.Name))})");
        _plan = GraphPlanner.Plan(graph, shapes);
        Inputs = graph.Inputs.Select((input, i) => new TensorInfo(input.Name, shapes[i])).ToArray();
        Outputs = graph.Outputs.Select((o, i) => new TensorInfo(o.Name, _plan.Slots[_plan.OutputSlots[i]].Shape)).ToArray();
        _pool = new WorkerPool(options.ThreadCount);
        _context = new RunContext(_plan.Slots, graph.Inputs.Count, _pool, _plan.ScratchLength);
    }

    public static InferenceSession Load(string path, SessionOptions? options = null) =>
        new(OnnxModelReader.Read(path), options ?? new SessionOptions());

    public static InferenceSession Load(Stream stream, string name, SessionOptions? options = null) =>
        new(OnnxModelReader.Read(stream, name), options ?? new SessionOptions());

    /// <summary>Plans an already-read graph (from any format reader).</summary>
    public static InferenceSession Create(ModelGraph graph, SessionOptions? options = null) => new(graph, options ?? new SessionOptions());

    public ModelGraph Graph { get; }
    public IReadOnlyList<TensorInfo> Inputs { get; }
    public IReadOnlyList<TensorInfo> Outputs { get; }
    public int ThreadCount => _pool.ThreadCount;

    /// <summary>Multiply-accumulates of one run (convolutions and matrix products), for throughput figures.</summary>
    public long MultiplyAccumulates => _plan.MacCount;

    /// <summary>Floats of activation memory the plan uses (after buffer sharing).</summary>
    public int ArenaLength => _plan.Arena.Length;

    internal ExecutionPlan Plan => _plan;

    /// <summary>Runs the model; inputs and outputs in the order of <see cref="Inputs"/> and <see cref="Outputs"/>.</summary>
    public void Run(ReadOnlySpan<ReadOnlyMemory<float>> inputs, ReadOnlySpan<Memory<float>> outputs)
    {
        if (outputs.Length != Outputs.Count)
            throw new ArgumentException($"{Graph.Source}: {outputs.Length} output buffers given, the model has {Outputs.Count}");
        for (int i = 0; i < outputs.Length; i++)
            if (outputs[i].Length != Outputs[i].Length)
                throw new ArgumentException($"{Graph.Source}: output '{Outputs[i].Name}' needs {Outputs[i].Length} floats, the buffer has {outputs[i].Length}");
        lock (_gate)
        {
            RunLocked(inputs);
            for (int i = 0; i < outputs.Length; i++)
                _context.Read(_plan.OutputSlots[i]).CopyTo(outputs[i].Span);
        }
    }

    /// <summary>Runs a single-input, single-output model.</summary>
    public void Run(ReadOnlyMemory<float> input, Memory<float> output) => Run([input], [output]);

    /// <summary>Runs the model and returns fresh output arrays (allocates; prefer the buffer overload in loops).</summary>
    public float[][] Run(params ReadOnlyMemory<float>[] inputs)
    {
        var outputs = Outputs.Select(o => new float[o.Length]).ToArray();
        Run(inputs, outputs.Select(o => new Memory<float>(o)).ToArray());
        return outputs;
    }

    /// <summary>
    /// Runs the model <paramref name="runs"/> times and returns each kernel's time at <paramref name="quantile"/>
    /// (0.5: the median), in run order. <paramref name="clockMilliseconds"/> replaces the wall clock, e.g. with the
    /// thread's CPU time, which preemption on a loaded machine does not stretch.
    /// </summary>
    public IReadOnlyList<KernelTiming> Profile(ReadOnlySpan<ReadOnlyMemory<float>> inputs, int runs, double quantile = 0.5, Func<double>? clockMilliseconds = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(quantile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        var clock = clockMilliseconds ?? (() => System.Diagnostics.Stopwatch.GetTimestamp() * 1000.0 / System.Diagnostics.Stopwatch.Frequency);
        var kernels = _plan.Kernels;
        var times = new double[kernels.Length, runs];
        lock (_gate)
        {
            RunLocked(inputs);
            for (int r = 0; r < runs; r++)
            {
                for (int i = 0; i < inputs.Length; i++)
                    _context.Inputs[i] = inputs[i];
                for (int k = 0; k < kernels.Length; k++)
                {
                    double start = clock();
                    kernels[k].Run(_context);
                    times[k, r] = clock() - start;
                }
            }
            for (int i = 0; i < inputs.Length; i++)
                _context.Inputs[i] = default;
        }
        return kernels.Select((k, i) =>
        {
            var t = Enumerable.Range(0, runs).Select(r => times[i, r]).Order().ToArray();
            return new KernelTiming(k.Label, t[(int)Math.Round(quantile * (runs - 1))], k.MacCount, k.GetType().Name.Split('`')[0].Replace("Kernel", ""));
        }).ToArray();
    }

    private void RunLocked(ReadOnlySpan<ReadOnlyMemory<float>> inputs)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (inputs.Length != Inputs.Count)
            throw new ArgumentException($"{Graph.Source}: {inputs.Length} inputs given, the model takes {Inputs.Count} ({string.Join(", ", Inputs)})");
        for (int i = 0; i < inputs.Length; i++)
        {
            if (inputs[i].Length != Inputs[i].Length)
                throw new ArgumentException($"{Graph.Source}: input '{Inputs[i].Name}' has {inputs[i].Length} floats, expected {Inputs[i].Length} for shape [{string.Join(",", Inputs[i].Shape)}]");
            _context.Inputs[i] = inputs[i];
        }
        try
        {
            foreach (var kernel in _plan.Kernels)
                kernel.Run(_context);
        }
        finally
        {
            for (int i = 0; i < inputs.Length; i++)
                _context.Inputs[i] = default;
        }
    }

    private static int[] ResolveShape(ModelGraph graph, ValueInfo input, SessionOptions options)
    {
        if (!options.InputShapes.TryGetValue(input.Name, out var given))
        {
            if (input.Shape.Any(d => d < 0))
                throw new ArgumentException($"{graph.Source}: input {input} has dynamic dimensions; give its shape in SessionOptions.InputShapes");
            return input.Shape;
        }
        if (given.Length != input.Shape.Length)
            throw new ArgumentException($"{graph.Source}: input '{input.Name}' has rank {input.Shape.Length}, the given shape [{string.Join(",", given)}] has rank {given.Length}");
        for (int d = 0; d < given.Length; d++)
        {
            if (given[d] < 1)
                throw new ArgumentException($"{graph.Source}: input '{input.Name}' dimension {d} must be positive, got {given[d]}");
            if (d > 0 && input.Shape[d] >= 0 && input.Shape[d] != given[d])
                throw new ArgumentException($"{graph.Source}: input '{input.Name}' dimension {d} is fixed at {input.Shape[d]} by the model, got {given[d]}");
        }
        return (int[])given.Clone();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _pool.Dispose();
        }
    }
}
