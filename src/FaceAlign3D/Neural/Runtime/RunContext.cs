namespace FaceAlign3D.Neural.Runtime;

/// <summary>The tensors of one plan while it runs: slot storage, bound inputs and the worker pool.</summary>
internal sealed class RunContext
{
    public RunContext(TensorSlot[] slots, int inputCount, WorkerPool pool, int scratchLength)
    {
        Slots = slots;
        Scratch = new float[pool.ThreadCount][];
        for (int i = 0; i < Scratch.Length; i++)
            Scratch[i] = new float[scratchLength];
        Inputs = new ReadOnlyMemory<float>[inputCount];
        Pool = pool;
    }

    public TensorSlot[] Slots { get; }
    public ReadOnlyMemory<float>[] Inputs { get; }
    public WorkerPool Pool { get; }
    /// <summary>Per-thread scratch memory, indexed by worker, shared by all kernels (they run one at a time).</summary>
    public float[][] Scratch { get; }

    public ReadOnlySpan<float> Read(int slot)
    {
        var s = Slots[slot];
        return s.InputIndex >= 0 ? Inputs[s.InputIndex].Span : s.Array.AsSpan(s.Offset, s.Length);
    }

    public Span<float> Write(int slot)
    {
        var s = Slots[slot];
        if (s.InputIndex >= 0)
            throw new InvalidOperationException($"tensor '{s.Name}' is a graph input and cannot be written");
        return s.Array.AsSpan(s.Offset, s.Length);
    }
}
