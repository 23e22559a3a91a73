using FaceAlign3D.Neural.Runtime;

namespace FaceAlign3D.Neural.Planning;

/// <summary>Slot indices of a kernel's runtime inputs (-1 for parameter inputs) and outputs.</summary>
internal readonly record struct KernelBinding(int[] Inputs, int[] Outputs);

/// <summary>
/// An operator: static shape inference plus construction of its kernel. Parameter inputs (weights, shapes,
/// indices, pads) must be constants and are consumed at build time; data inputs are runtime tensors.
/// </summary>
internal abstract class Operator
{
    public abstract int[][] InferShapes(PlanNode node);

    public abstract Kernel CreateKernel(PlanNode node, KernelBinding binding);

    /// <summary>True when the output is input 0 with another shape, so it can share its storage.</summary>
    public virtual bool IsAlias => false;

    /// <summary>True when input <paramref name="index"/> is a runtime tensor rather than a build-time parameter.</summary>
    public virtual bool IsDataInput(int index) => true;
}
