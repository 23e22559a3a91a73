using FaceAlign3D.Neural.Planning;
using FaceAlign3D.Neural.Runtime;

namespace FaceAlign3D.Neural.Kernels;

/// <summary>Operators whose output is their input with another shape; the planner gives them no kernel and shares storage.</summary>
internal abstract class AliasOperator : Operator
{
    public override bool IsAlias => true;

    public override bool IsDataInput(int index) => index == 0;

    public override Kernel CreateKernel(PlanNode node, KernelBinding binding) =>
        throw new InvalidOperationException($"{node.Label} shares its input's storage and has no kernel");

    protected static int[][] Checked(PlanNode node, int[] shape)
    {
        if (shape.Any(d => d < 0) || Shapes.Size(shape) != Shapes.Size(node.InputShape(0)))
            throw node.Error($"cannot reshape {Shapes.Format(node.InputShape(0))} to {Shapes.Format(shape)}");
        return [shape];
    }
}

internal sealed class IdentityOperator : AliasOperator
{
    public override int[][] InferShapes(PlanNode node) => [node.InputShape(0)];
}

internal sealed class ReshapeOperator : AliasOperator
{
    public override int[][] InferShapes(PlanNode node)
    {
        var input = node.InputShape(0);
        var spec = node.Opset < 5 ? node.Attributes.GetInts("shape") ?? throw node.Error("has no shape") : node.RequireConstant(1, "shape").AsLongs();
        bool allowZero = node.Attributes.GetInt("allowzero", 0) != 0;
        var shape = new int[spec.Length];
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < spec.Length; i++)
        {
            long d = spec[i];
            if (d == -1)
            {
                if (inferred >= 0) throw node.Error("shape has more than one -1");
                inferred = i;
                continue;
            }
            if (d == 0 && !allowZero)
            {
                if (i >= input.Length) throw node.Error($"shape copies dimension {i}, which the input {Shapes.Format(input)} lacks");
                d = input[i];
            }
            if (d < 0 || d > int.MaxValue) throw node.Error($"invalid dimension {spec[i]} in shape");
            shape[i] = (int)d;
            known *= d;
        }
        if (inferred >= 0)
        {
            long total = Shapes.Size(input);
            if (known == 0 || total % known != 0)
                throw node.Error($"cannot reshape {Shapes.Format(input)} to [{string.Join(",", spec)}]");
            shape[inferred] = (int)(total / known);
        }
        return Checked(node, shape);
    }
}

internal sealed class FlattenOperator : AliasOperator
{
    public override int[][] InferShapes(PlanNode node)
    {
        var input = node.InputShape(0);
        long axisAttr = node.Attributes.GetInt("axis", 1);
        int axis = (int)(axisAttr < 0 ? axisAttr + input.Length : axisAttr);
        if (axis < 0 || axis > input.Length) throw node.Error($"axis {axisAttr} is out of range for rank {input.Length}");
        return [[Shapes.Product(input, 0, axis), Shapes.Product(input, axis, input.Length)]];
    }
}

internal sealed class SqueezeOperator : AliasOperator
{
    public override int[][] InferShapes(PlanNode node)
    {
        var input = node.InputShape(0);
        var axes = node.Opset >= 13 ? node.OptionalConstant(1, "axes")?.AsLongs() : node.Attributes.GetInts("axes");
        var drop = axes is null ? input.Select((d, i) => d == 1 ? i : -1).Where(i => i >= 0).ToHashSet()
            : axes.Select(a => Shapes.NormalizeAxis(a, input.Length, node)).ToHashSet();
        foreach (int a in drop)
            if (input[a] != 1) throw node.Error($"cannot squeeze dimension {a} of size {input[a]}");
        return [input.Where((_, i) => !drop.Contains(i)).ToArray()];
    }
}

internal sealed class UnsqueezeOperator : AliasOperator
{
    public override int[][] InferShapes(PlanNode node)
    {
        var input = node.InputShape(0);
        var axes = node.Opset >= 13 ? node.RequireConstant(1, "axes").AsLongs() : node.Attributes.GetInts("axes") ?? throw node.Error("has no axes");
        int rank = input.Length + axes.Length;
        var inserted = axes.Select(a => Shapes.NormalizeAxis(a, rank, node)).ToHashSet();
        if (inserted.Count != axes.Length) throw node.Error("axes repeat");
        var shape = new int[rank];
        for (int i = 0, j = 0; i < rank; i++)
            shape[i] = inserted.Contains(i) ? 1 : input[j++];
        return [shape];
    }
}
