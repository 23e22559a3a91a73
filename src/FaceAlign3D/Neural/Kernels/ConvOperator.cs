using FaceAlign3D.Neural.Planning;
using FaceAlign3D.Neural.Runtime;

namespace FaceAlign3D.Neural.Kernels;

/// <summary>
/// ONNX Conv (2-D, NCHW). Weights and bias are constants; any fused epilogue (BatchNormalization, bias add,
/// activation) is folded into the packed weights and the output shift here, once, at load time.
/// </summary>
internal sealed class ConvOperator : Operator
{
    public override bool IsDataInput(int index) => index == 0;

    public override int[][] InferShapes(PlanNode node)
    {
        var (g, _) = Geometry(node);
        return [[g.Batch, g.OutChannels, g.OutHeight, g.OutWidth]];
    }

    private static (ConvGeometry, float[] Weights) Geometry(PlanNode node)
    {
        var x = node.InputShape(0);
        var w = node.RequireConstant(1, "weight");
        if (w.Shape.Length != 4)
            throw node.Error($"weight '{w.Name}' must be rank 4, got {Shapes.Format(w.Shape)}");
        long group = node.Attributes.GetInt("group", 1);
        int m = w.Shape[0];
        if (x.Length != 4)
            throw node.Error($"expects a rank-4 input, got {Shapes.Format(x)}");
        if (group < 1 || m % group != 0 || x[1] != w.Shape[1] * group)
            throw node.Error($"input {Shapes.Format(x)}, weight {Shapes.Format(w.Shape)} and group {group} are inconsistent");
        var b = node.OptionalConstant(2, "bias");
        if (b is not null && b.Length != m)
            throw node.Error($"bias '{b.Name}' has {b.Length} values for {m} output channels");
        return (ConvGeometry.Create(node, x, m, (int)group, w.Shape[2], w.Shape[3]), w.AsFloats());
    }

    public override Kernel CreateKernel(PlanNode node, KernelBinding binding)
    {
        var (g, weights) = Geometry(node);
        int m = g.OutChannels;
        var bias = node.OptionalConstant(2, "bias")?.AsFloats() ?? new float[m];
        var epilogue = node.Epilogue ?? new ConvEpilogue(m);
        int perChannel = weights.Length / m;
        var scaled = new float[weights.Length];
        var shift = new float[m];
        for (int o = 0; o < m; o++)
        {
            float s = epilogue.Scale[o];
            for (int i = 0; i < perChannel; i++)
                scaled[o * perChannel + i] = weights[o * perChannel + i] * s;
            shift[o] = bias[o] * s + epilogue.Shift[o];
        }
        bool crelu = epilogue.Activation == ActivationKind.CRelu;
        var activation = new Activation(shift, epilogue.Activation, epilogue.ClipMin, epilogue.ClipMax, epilogue.Slopes,
            crelu ? m * g.OutPlane : 0);
        string label = epilogue.FusedLabels.Count == 0 ? node.Label : node.Label + " + " + string.Join(" + ", epilogue.FusedLabels);
        int input = binding.Inputs[0], output = binding.Outputs[0];
        bool depthwise = g.Groups == g.InChannels && g.InChannelsPerGroup == 1 && g.OutChannelsPerGroup == 1;
        bool pointwise = g.KernelHeight == 1 && g.KernelWidth == 1 && g.StrideH == 1 && g.StrideW == 1
            && g.PadTop + g.PadLeft + g.PadBottom + g.PadRight == 0 && g.Groups == 1;
        if (crelu && g.Groups != 1)
            throw node.Error("a fused CReLU needs an ungrouped convolution");
        if (depthwise)
            return new DepthwiseConvKernel(g, scaled, activation, input, output) { Label = label };
        if (pointwise)
            return new PointwiseConvKernel(g, scaled, activation, input, output) { Label = label };
        if (epilogue.MaxPool is { } pool)
            return new DirectConvMaxPoolKernel(g, PoolOperator.Geometry(pool), scaled, activation, input, output) { Label = label };
        if (DirectConvRows.Supports(g))
            return new DirectConvKernel(g, scaled, activation, input, output) { Label = label };
        return new Im2ColConvKernel(g, scaled, activation, input, output) { Label = label };
    }
}
