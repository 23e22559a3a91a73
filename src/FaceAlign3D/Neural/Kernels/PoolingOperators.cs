using FaceAlign3D.Neural.Planning;
using FaceAlign3D.Neural.Runtime;

namespace FaceAlign3D.Neural.Kernels;

/// <summary>MaxPool and AveragePool (2-D, NCHW), with pads, strides, ceil_mode and count_include_pad.</summary>
internal sealed class PoolOperator : Operator
{
    public static ConvGeometry Geometry(PlanNode node)
    {
        var x = node.InputShape(0);
        var k = node.Attributes.GetInts("kernel_shape");
        if (k is null || k.Length != 2 || k[0] < 1 || k[1] < 1 || k[0] > 1 << 16 || k[1] > 1 << 16)
            throw node.Error("kernel_shape must be two positive values");
        if (node.Attributes.Has("dilations") && node.Attributes.GetInts("dilations")!.Any(d => d != 1))
            throw node.Error("dilated pooling is not supported");
        if (node.Attributes.Has("storage_order") && node.Attributes.GetInt("storage_order", 0) != 0)
            throw node.Error("storage_order 1 is not supported");
        return ConvGeometry.Create(node, x, x.Length == 4 ? x[1] : 0, 1, (int)k[0], (int)k[1]);
    }

    public override int[][] InferShapes(PlanNode node)
    {
        if (node.Node.Outputs.Length > 1) throw node.Error("the Indices output is not supported");
        var g = Geometry(node);
        return [[g.Batch, g.InChannels, g.OutHeight, g.OutWidth]];
    }

    public override Kernel CreateKernel(PlanNode node, KernelBinding binding) =>
        new PoolKernel(Geometry(node), node.OpType == "MaxPool", node.Attributes.GetInt("count_include_pad", 0) != 0, binding) { Label = node.Label };

    private sealed class PoolKernel(ConvGeometry g, bool max, bool countPad, KernelBinding binding) : Kernel, IParallelBody
    {
        private readonly PoolRows _rows = new(g, max, countPad);
        private RunContext? _context;

        public override int ScratchLength => _rows.ScratchLength;

        public override void Run(RunContext context)
        {
            _context = context;
            context.Pool.For(g.Batch * g.InChannels, this);
            _context = null;
        }

        public void Execute(int chunk, int worker)
        {
            var x = _context!.Read(binding.Inputs[0]).Slice(chunk * g.InPlane, g.InPlane);
            var y = _context.Write(binding.Outputs[0]).Slice(chunk * g.OutPlane, g.OutPlane);
            var scratch = _context.Scratch[worker];
            for (int oh = 0; oh < g.OutHeight; oh++)
                _rows.Row(x, y.Slice(oh * g.OutWidth, g.OutWidth), oh, scratch);
        }
    }
}

/// <summary>GlobalAveragePool and GlobalMaxPool over all dimensions after the channel.</summary>
internal sealed class GlobalPoolOperator : Operator
{
    public override int[][] InferShapes(PlanNode node)
    {
        var x = node.InputShape(0);
        if (x.Length < 3) throw node.Error($"expects rank >= 3, got {Shapes.Format(x)}");
        if (node.Layout != Graph.TensorLayout.Nchw) throw node.Error("only NCHW spatial operators are implemented");
        return [[x[0], x[1], .. Enumerable.Repeat(1, x.Length - 2)]];
    }

    public override Kernel CreateKernel(PlanNode node, KernelBinding binding) =>
        new GlobalPoolKernel(Shapes.Product(node.InputShape(0), 2, node.InputShape(0).Length), node.OpType == "GlobalMaxPool", binding) { Label = node.Label };

    private sealed class GlobalPoolKernel(int plane, bool max, KernelBinding binding) : Kernel
    {
        public override void Run(RunContext context)
        {
            var x = context.Read(binding.Inputs[0]);
            var y = context.Write(binding.Outputs[0]);
            for (int c = 0; c < y.Length; c++)
            {
                var p = x.Slice(c * plane, plane);
                if (max)
                {
                    float m = float.NegativeInfinity;
                    foreach (float v in p) m = MathF.Max(m, v);
                    y[c] = m;
                }
                else
                {
                    float s = 0;
                    foreach (float v in p) s += v;
                    y[c] = s / plane;
                }
            }
        }
    }
}
