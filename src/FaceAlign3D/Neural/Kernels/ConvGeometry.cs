using FaceAlign3D.Neural.Planning;

namespace FaceAlign3D.Neural.Kernels;

/// <summary>The sizes of a 2-D convolution or pooling window over an NCHW tensor.</summary>
internal sealed record ConvGeometry(
    int Batch, int InChannels, int InHeight, int InWidth,
    int OutChannels, int Groups, int KernelHeight, int KernelWidth,
    int StrideH, int StrideW, int DilationH, int DilationW,
    int PadTop, int PadLeft, int PadBottom, int PadRight, int OutHeight, int OutWidth)
{
    public int InPlane => InHeight * InWidth;
    public int OutPlane => OutHeight * OutWidth;
    public int InChannelsPerGroup => InChannels / Groups;
    public int OutChannelsPerGroup => OutChannels / Groups;

    /// <summary>Reads the window attributes shared by Conv, MaxPool and AveragePool (kernel_shape, strides, dilations, pads, auto_pad, ceil_mode).</summary>
    public static ConvGeometry Create(PlanNode node, int[] input, int outChannels, int groups, int kernelHeight, int kernelWidth)
    {
        if (input.Length != 4)
            throw node.Error($"expects a rank-4 input, got {Shapes.Format(input)}");
        if (node.Layout != Graph.TensorLayout.Nchw)
            throw node.Error("only NCHW spatial operators are implemented");
        var a = node.Attributes;
        var kernel = a.GetInts("kernel_shape");
        if (kernel is not null && (kernel.Length != 2 || kernel[0] != kernelHeight || kernel[1] != kernelWidth))
            throw node.Error($"kernel_shape [{string.Join(",", kernel)}] does not match the weights {kernelHeight}x{kernelWidth}");
        var strides = Pair(node, a.GetInts("strides"), "strides");
        var dilations = Pair(node, a.GetInts("dilations"), "dilations");
        var pads = a.GetInts("pads") ?? [0, 0, 0, 0];
        if (pads.Length != 4 || pads.Any(p => p < 0 || p > 1 << 16))
            throw node.Error($"pads [{string.Join(",", pads)}] must be four non-negative values");
        bool ceil = a.GetInt("ceil_mode", 0) != 0;
        int h = input[2], w = input[3];
        int effKh = (kernelHeight - 1) * dilations.Item1 + 1, effKw = (kernelWidth - 1) * dilations.Item2 + 1;
        int pt = (int)pads[0], pl = (int)pads[1], pb = (int)pads[2], pr = (int)pads[3];
        string autoPad = a.GetString("auto_pad", "NOTSET");
        int oh, ow;
        if (autoPad is "SAME_UPPER" or "SAME_LOWER")
        {
            oh = (h + strides.Item1 - 1) / strides.Item1;
            ow = (w + strides.Item2 - 1) / strides.Item2;
            int totalH = Math.Max(0, (oh - 1) * strides.Item1 + effKh - h), totalW = Math.Max(0, (ow - 1) * strides.Item2 + effKw - w);
            bool upper = autoPad == "SAME_UPPER";
            pt = upper ? totalH / 2 : totalH - totalH / 2; pb = totalH - pt;
            pl = upper ? totalW / 2 : totalW - totalW / 2; pr = totalW - pl;
        }
        else
        {
            if (autoPad == "VALID") pt = pl = pb = pr = 0;
            else if (autoPad != "NOTSET") throw node.Error($"auto_pad '{autoPad}' is not supported");
            oh = OutSize(h + pt + pb, effKh, strides.Item1, ceil);
            ow = OutSize(w + pl + pr, effKw, strides.Item2, ceil);
            // With ceil_mode the last window must start inside the input or the left padding.
            if (ceil && (oh - 1) * strides.Item1 >= h + pt) oh--;
            if (ceil && (ow - 1) * strides.Item2 >= w + pl) ow--;
        }
        if (oh <= 0 || ow <= 0)
            throw node.Error($"window {kernelHeight}x{kernelWidth} does not fit input {Shapes.Format(input)}");
        return new ConvGeometry(input[0], input[1], h, w, outChannels, groups, kernelHeight, kernelWidth,
            strides.Item1, strides.Item2, dilations.Item1, dilations.Item2, pt, pl, pb, pr, oh, ow);
    }

    private static int OutSize(int padded, int window, int stride, bool ceil)
    {
        int span = padded - window;
        if (span < 0) return 0;
        return (ceil ? (span + stride - 1) / stride : span / stride) + 1;
    }

    private static (int, int) Pair(PlanNode node, long[]? values, string name)
    {
        if (values is null) return (1, 1);
        if (values.Length != 2 || values[0] < 1 || values[1] < 1 || values[0] > 1 << 16 || values[1] > 1 << 16)
            throw node.Error($"{name} [{string.Join(",", values)}] must be two positive values");
        return ((int)values[0], (int)values[1]);
    }
}
