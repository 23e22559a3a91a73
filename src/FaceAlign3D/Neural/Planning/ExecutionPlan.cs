using FaceAlign3D.Neural.Runtime;

namespace FaceAlign3D.Neural.Planning;

/// <summary>The result of planning: kernels in run order, the tensor slots they use and the arena that backs them.</summary>
internal sealed class ExecutionPlan
{
    public ExecutionPlan(TensorSlot[] slots, Kernel[] kernels, int[] inputSlots, int[] outputSlots, float[] arena)
    {
        Slots = slots;
        Kernels = kernels;
        InputSlots = inputSlots;
        OutputSlots = outputSlots;
        Arena = arena;
    }

    public TensorSlot[] Slots { get; }
    public Kernel[] Kernels { get; }
    public int[] InputSlots { get; }
    public int[] OutputSlots { get; }
    /// <summary>Memory for every intermediate tensor; buffers with disjoint lifetimes share ranges.</summary>
    public float[] Arena { get; }
    public int ScratchLength => Kernels.Length == 0 ? 0 : Kernels.Max(k => k.ScratchLength);
    public long MacCount => Kernels.Sum(k => k.MacCount);
}
