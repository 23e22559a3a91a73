using FaceAlign3D.Neural.Planning;
using FaceAlign3D.Neural.Runtime;

namespace FaceAlign3D.Neural.Kernels;

/// <summary>Resize and Upsample over the two spatial dimensions of an NCHW tensor: nearest or (bi)linear.</summary>
internal sealed class ResizeOperator : Operator
{
    public override bool IsDataInput(int index) => index == 0;

    private static (int OutH, int OutW, float ScaleH, float ScaleW) Resolve(PlanNode node)
    {
        var x = node.InputShape(0);
        if (x.Length != 4) throw node.Error($"expects a rank-4 input, got {Shapes.Format(x)}");
        if (node.Layout != Graph.TensorLayout.Nchw) throw node.Error("only NCHW spatial operators are implemented");
        float[]? scales = null;
        long[]? sizes = null;
        if (node.OpType == "Upsample" && node.Opset < 9)
            scales = node.Attributes.GetFloats("scales") ?? throw node.Error("has no scales");
        else if (node.OpType == "Upsample" || node.Opset < 11)
            scales = node.RequireConstant(1, "scales").AsFloats();
        else
        {
            var s = node.OptionalConstant(2, "scales");
            if (s is not null && s.Length > 0) scales = s.AsFloats();
            else sizes = node.RequireConstant(3, "sizes").AsLongs();
        }
        if (scales is not null)
        {
            if (scales.Length != 4 || scales[0] != 1 || scales[1] != 1 || !(scales[2] > 0) || !(scales[3] > 0))
                throw node.Error($"scales [{string.Join(",", scales)}] must be [1,1,h,w] with positive h, w");
            int oh = (int)Math.Floor(x[2] * (double)scales[2]), ow = (int)Math.Floor(x[3] * (double)scales[3]);
            if (oh < 1 || ow < 1 || (long)oh * ow > 1 << 28) throw node.Error("output size is out of range");
            return (oh, ow, scales[2], scales[3]);
        }
        if (sizes!.Length != 4 || sizes[0] != x[0] || sizes[1] != x[1] || sizes[2] < 1 || sizes[3] < 1 || sizes[2] * sizes[3] > 1 << 28)
            throw node.Error($"sizes [{string.Join(",", sizes)}] must keep N and C and be positive");
        return ((int)sizes[2], (int)sizes[3], (float)sizes[2] / x[2], (float)sizes[3] / x[3]);
    }

    public override int[][] InferShapes(PlanNode node)
    {
        var x = node.InputShape(0);
        var (oh, ow, _, _) = Resolve(node);
        return [[x[0], x[1], oh, ow]];
    }

    public override Kernel CreateKernel(PlanNode node, KernelBinding binding)
    {
        var x = node.InputShape(0);
        var (oh, ow, sh, sw) = Resolve(node);
        string mode = node.Attributes.GetString("mode", "nearest");
        if (mode is not ("nearest" or "linear" or "bilinear")) throw node.Error($"mode '{mode}' is not supported");
        string transform = node.OpType == "Upsample" || node.Opset < 11 ? "asymmetric" : node.Attributes.GetString("coordinate_transformation_mode", "half_pixel");
        string nearest = node.Opset < 11 ? "floor" : node.Attributes.GetString("nearest_mode", "round_prefer_floor");
        bool linear = mode != "nearest";
        var rows = Axis(node, x[2], oh, sh, transform, nearest, linear);
        var cols = Axis(node, x[3], ow, sw, transform, nearest, linear);
        return new ResizeKernel(x[0] * x[1], x[2], x[3], oh, ow, rows, cols, binding) { Label = node.Label };
    }

    /// <summary>For each output coordinate: the two source indices and the weight of the second.</summary>
    private static (int[] Lo, int[] Hi, float[] Frac) Axis(PlanNode node, int inSize, int outSize, float scale, string transform, string nearestMode, bool linear)
    {
        var lo = new int[outSize];
        var hi = new int[outSize];
        var frac = new float[outSize];
        for (int o = 0; o < outSize; o++)
        {
            double src = transform switch
            {
                "half_pixel" => (o + 0.5) / scale - 0.5,
                "pytorch_half_pixel" => outSize > 1 ? (o + 0.5) / scale - 0.5 : 0,
                "align_corners" => outSize > 1 ? o * (inSize - 1.0) / (outSize - 1) : 0,
                "asymmetric" => o / (double)scale,
                _ => throw node.Error($"coordinate_transformation_mode '{transform}' is not supported"),
            };
            if (linear)
            {
                src = Math.Clamp(src, 0, inSize - 1);
                lo[o] = (int)Math.Floor(src);
                hi[o] = Math.Min(lo[o] + 1, inSize - 1);
                frac[o] = (float)(src - lo[o]);
            }
            else
            {
                double r = nearestMode switch
                {
                    "round_prefer_floor" => src == Math.Floor(src) + 0.5 ? Math.Floor(src) : Math.Round(src),
                    "round_prefer_ceil" => src == Math.Floor(src) + 0.5 ? Math.Ceiling(src) : Math.Round(src),
                    "floor" => Math.Floor(src),
                    "ceil" => Math.Ceiling(src),
                    _ => throw node.Error($"nearest_mode '{nearestMode}' is not supported"),
                };
                lo[o] = hi[o] = (int)Math.Clamp(r, 0, inSize - 1);
            }
        }
        return (lo, hi, frac);
    }

    private sealed class ResizeKernel(int planes, int inH, int inW, int outH, int outW,
        (int[] Lo, int[] Hi, float[] Frac) rows, (int[] Lo, int[] Hi, float[] Frac) cols, KernelBinding binding) : Kernel
    {
        public override void Run(RunContext context)
        {
            var x = context.Read(binding.Inputs[0]);
            var y = context.Write(binding.Outputs[0]);
            for (int p = 0; p < planes; p++)
            {
                var src = x.Slice(p * inH * inW, inH * inW);
                var dst = y.Slice(p * outH * outW, outH * outW);
                for (int oy = 0; oy < outH; oy++)
                {
                    var r0 = src.Slice(rows.Lo[oy] * inW, inW);
                    var r1 = src.Slice(rows.Hi[oy] * inW, inW);
                    float fy = rows.Frac[oy];
                    for (int ox = 0; ox < outW; ox++)
                    {
                        int c0 = cols.Lo[ox], c1 = cols.Hi[ox];
                        float fx = cols.Frac[ox];
                        float top = r0[c0] + (r0[c1] - r0[c0]) * fx;
                        float bottom = r1[c0] + (r1[c1] - r1[c0]) * fx;
                        dst[oy * outW + ox] = top + (bottom - top) * fy;
                    }
                }
            }
        }
    }
}
