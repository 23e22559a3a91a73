namespace FaceAlign3D.Neural.Runtime;

/// <summary>One executable step of a plan, bound to its slots and pre-packed parameters at load time.</summary>
internal abstract class Kernel
{
    /// <summary>The node (or fused nodes) this kernel computes, for messages and profiling.</summary>
    public string Label { get; init; } = "";

    /// <summary>Multiply-accumulate count of one run, for GFLOP/s figures; 0 when not meaningful.</summary>
    public virtual long MacCount => 0;

    /// <summary>Floats of per-thread scratch memory the kernel needs while it runs.</summary>
    public virtual int ScratchLength => 0;

    public abstract void Run(RunContext context);
}
