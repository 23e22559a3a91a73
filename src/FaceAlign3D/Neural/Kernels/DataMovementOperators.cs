using FaceAlign3D.Neural.Planning;
using FaceAlign3D.Neural.Runtime;

namespace FaceAlign3D.Neural.Kernels;

internal sealed class ConcatOperator : Operator
{
    public override int[][] InferShapes(PlanNode node)
    {
        var first = node.InputShape(0);
        int axis = Axis(node);
        var shape = (int[])first.Clone();
        shape[axis] = 0;
        for (int i = 0; i < node.InputShapes.Length; i++)
        {
            var s = node.InputShape(i);
            if (s.Length != first.Length || s.Where((d, k) => k != axis && d != first[k]).Any())
                throw node.Error($"input {Shapes.Format(s)} does not match {Shapes.Format(first)} outside axis {axis}");
            shape[axis] += s[axis];
        }
        return [shape];
    }

    public static int Axis(PlanNode node)
    {
        if (node.Opset >= 4 && !node.Attributes.Has("axis")) throw node.Error("has no axis");
        return Shapes.NormalizeAxis(node.Attributes.GetInt("axis", 1), node.InputShape(0).Length, node);
    }

    public override Kernel CreateKernel(PlanNode node, KernelBinding binding) => new ConcatKernel(node, binding) { Label = node.Label };

    private sealed class ConcatKernel(PlanNode node, KernelBinding binding) : Kernel
    {
        private readonly int _axis = Axis(node);
        private readonly int[][] _shapes = [.. node.InputShapes.Select(s => s!)];
        private readonly int[] _out = node.OutputShapes[0];

        public override void Run(RunContext context)
        {
            var output = context.Write(binding.Outputs[0]);
            int outer = Shapes.Product(_out, 0, _axis), outBlock = Shapes.Product(_out, _axis, _out.Length), offset = 0;
            for (int i = 0; i < _shapes.Length; i++)
            {
                int block = Shapes.Product(_shapes[i], _axis, _shapes[i].Length);
                DataMovement.ConcatPart(context.Read(binding.Inputs[i]), output, outer, block, outBlock, offset);
                offset += block;
            }
        }
    }
}

internal sealed class GatherOperator : Operator
{
    public override bool IsDataInput(int index) => index == 0;

    public override int[][] InferShapes(PlanNode node)
    {
        var data = node.InputShape(0);
        var indices = node.RequireConstant(1, "indices");
        int axis = Shapes.NormalizeAxis(node.Attributes.GetInt("axis", 0), data.Length, node);
        foreach (long i in indices.AsLongs())
            if (i < -data[axis] || i >= data[axis]) throw node.Error($"index {i} is out of range for dimension {data[axis]}");
        return [[.. data[..axis], .. indices.Shape, .. data[(axis + 1)..]]];
    }

    public override Kernel CreateKernel(PlanNode node, KernelBinding binding) => new GatherKernel(node, binding) { Label = node.Label };

    private sealed class GatherKernel(PlanNode node, KernelBinding binding) : Kernel
    {
        private readonly int _axis = Shapes.NormalizeAxis(node.Attributes.GetInt("axis", 0), node.InputShape(0).Length, node);
        private readonly long[] _indices = node.RequireConstant(1, "indices").AsLongs();

        public override void Run(RunContext context) =>
            DataMovement.Gather(context.Read(binding.Inputs[0]), node.InputShape(0), _axis, _indices, context.Write(binding.Outputs[0]));
    }
}

internal sealed class TransposeOperator : Operator
{
    public static int[] Perm(PlanNode node)
    {
        int rank = node.InputShape(0).Length;
        var perm = node.Attributes.GetInts("perm")?.Select(p => (int)p).ToArray() ?? Enumerable.Range(0, rank).Reverse().ToArray();
        if (perm.Length != rank || perm.Order().Where((p, i) => p != i).Any())
            throw node.Error($"perm [{string.Join(",", perm)}] is not a permutation of rank {rank}");
        return perm;
    }

    public override int[][] InferShapes(PlanNode node) => [Perm(node).Select(p => node.InputShape(0)[p]).ToArray()];

    public override Kernel CreateKernel(PlanNode node, KernelBinding binding) => new TransposeKernel(node, binding) { Label = node.Label };

    private sealed class TransposeKernel(PlanNode node, KernelBinding binding) : Kernel
    {
        private readonly int[] _perm = Perm(node);

        public override void Run(RunContext context) =>
            DataMovement.Transpose(context.Read(binding.Inputs[0]), node.InputShape(0), _perm, context.Write(binding.Outputs[0]));
    }
}

internal sealed class SliceOperator : Operator
{
    public override bool IsDataInput(int index) => index == 0;

    /// <summary>Per-dimension start, step and count after ONNX clamping rules.</summary>
    public static (int[] Starts, int[] Steps, int[] Shape) Resolve(PlanNode node)
    {
        var input = node.InputShape(0);
        long[] starts, ends, axes, steps;
        if (node.Opset < 10)
        {
            starts = node.Attributes.GetInts("starts") ?? throw node.Error("has no starts");
            ends = node.Attributes.GetInts("ends") ?? throw node.Error("has no ends");
            axes = node.Attributes.GetInts("axes") ?? Enumerable.Range(0, starts.Length).Select(i => (long)i).ToArray();
            steps = Enumerable.Repeat(1L, starts.Length).ToArray();
        }
        else
        {
            starts = node.RequireConstant(1, "starts").AsLongs();
            ends = node.RequireConstant(2, "ends").AsLongs();
            axes = node.OptionalConstant(3, "axes")?.AsLongs() ?? Enumerable.Range(0, starts.Length).Select(i => (long)i).ToArray();
            steps = node.OptionalConstant(4, "steps")?.AsLongs() ?? Enumerable.Repeat(1L, starts.Length).ToArray();
        }
        if (ends.Length != starts.Length || axes.Length != starts.Length || steps.Length != starts.Length)
            throw node.Error("starts, ends, axes and steps differ in length");
        var outStarts = new int[input.Length];
        var outSteps = Enumerable.Repeat(1, input.Length).ToArray();
        var shape = (int[])input.Clone();
        for (int i = 0; i < starts.Length; i++)
        {
            int axis = Shapes.NormalizeAxis(axes[i], input.Length, node);
            long dim = input[axis], step = steps[i];
            if (step == 0 || step > int.MaxValue || step < -int.MaxValue) throw node.Error($"invalid step {step}");
            long s = starts[i] < 0 ? starts[i] + dim : starts[i];
            long e = ends[i] < 0 ? ends[i] + dim : ends[i];
            long count;
            if (step > 0)
            {
                s = Math.Clamp(s, 0, dim); e = Math.Clamp(e, 0, dim);
                count = Math.Max(0, (e - s + step - 1) / step);
            }
            else
            {
                s = Math.Clamp(s, 0, dim - 1); e = Math.Clamp(e, -1, dim - 1);
                count = Math.Max(0, (s - e + (-step) - 1) / -step);
            }
            outStarts[axis] = (int)s;
            outSteps[axis] = (int)step;
            shape[axis] = (int)count;
        }
        return (outStarts, outSteps, shape);
    }

    public override int[][] InferShapes(PlanNode node) => [Resolve(node).Shape];

    public override Kernel CreateKernel(PlanNode node, KernelBinding binding) => new SliceKernel(node, binding) { Label = node.Label };

    private sealed class SliceKernel(PlanNode node, KernelBinding binding) : Kernel
    {
        private readonly (int[] Starts, int[] Steps, int[] Shape) _r = Resolve(node);

        public override void Run(RunContext context) =>
            DataMovement.Slice(context.Read(binding.Inputs[0]), node.InputShape(0), _r.Starts, _r.Steps, _r.Shape, context.Write(binding.Outputs[0]));
    }
}

internal sealed class PadOperator : Operator
{
    public override bool IsDataInput(int index) => index == 0;

    private static (int[] Before, int[] After, float Value) Resolve(PlanNode node)
    {
        var input = node.InputShape(0);
        string mode = node.Attributes.GetString("mode", "constant");
        if (mode != "constant") throw node.Error($"pad mode '{mode}' is not supported");
        long[] pads;
        float value;
        if (node.Opset < 11)
        {
            pads = node.Attributes.GetInts("pads") ?? throw node.Error("has no pads");
            value = node.Attributes.GetFloat("value", 0f);
        }
        else
        {
            pads = node.RequireConstant(1, "pads").AsLongs();
            var v = node.OptionalConstant(2, "constant_value");
            value = v is null ? 0f : v.AsFloats().FirstOrDefault();
            if (node.HasInput(3)) throw node.Error("the axes input is not supported");
        }
        int rank = input.Length;
        if (pads.Length != 2 * rank) throw node.Error($"has {pads.Length} pads for rank {rank}");
        if (pads.Any(p => p < 0 || p > 1 << 20)) throw node.Error($"pads [{string.Join(",", pads)}] must be non-negative");
        return (pads[..rank].Select(p => (int)p).ToArray(), pads[rank..].Select(p => (int)p).ToArray(), value);
    }

    public override int[][] InferShapes(PlanNode node)
    {
        var (before, after, _) = Resolve(node);
        return [node.InputShape(0).Select((d, i) => d + before[i] + after[i]).ToArray()];
    }

    public override Kernel CreateKernel(PlanNode node, KernelBinding binding) => new PadKernel(node, binding) { Label = node.Label };

    private sealed class PadKernel(PlanNode node, KernelBinding binding) : Kernel
    {
        private readonly (int[] Before, int[] After, float Value) _p = Resolve(node);
        private readonly int[] _in = node.InputShape(0);
        private readonly int[] _outStrides = Shapes.Strides(node.OutputShapes[0]);

        public override void Run(RunContext context)
        {
            var src = context.Read(binding.Inputs[0]);
            var dst = context.Write(binding.Outputs[0]);
            dst.Fill(_p.Value);
            int rank = _in.Length, inner = _in[rank - 1], count = src.Length;
            if (count == 0) return;
            Span<int> index = stackalloc int[rank];
            for (int o = 0; o < count; o += inner)
            {
                int d0 = 0;
                for (int d = 0; d < rank; d++)
                    d0 += (index[d] + _p.Before[d]) * _outStrides[d];
                src.Slice(o, inner).CopyTo(dst.Slice(d0, inner));
                for (int d = rank - 2; d >= 0; d--)
                {
                    if (++index[d] < _in[d]) break;
                    index[d] = 0;
                }
            }
        }
    }
}
