using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FaceAlign3D.Neural.Planning;
using FaceAlign3D.Neural.Runtime;

namespace FaceAlign3D.Neural.Kernels;

/// <summary>A binary function with a scalar and a vector form.</summary>
internal interface IBinaryFunction
{
    static abstract float Apply(float a, float b);
    static abstract TV Apply<TV>(TV a, TV b) where TV : struct, ISimdVector<TV>;
}

internal struct AddFunction : IBinaryFunction
{
    public static float Apply(float a, float b) => a + b;
    public static TV Apply<TV>(TV a, TV b) where TV : struct, ISimdVector<TV> => TV.Add(a, b);
}

internal struct SubFunction : IBinaryFunction
{
    public static float Apply(float a, float b) => a - b;
    public static TV Apply<TV>(TV a, TV b) where TV : struct, ISimdVector<TV> => TV.Subtract(a, b);
}

internal struct MulFunction : IBinaryFunction
{
    public static float Apply(float a, float b) => a * b;
    public static TV Apply<TV>(TV a, TV b) where TV : struct, ISimdVector<TV> => TV.Multiply(a, b);
}

internal struct DivFunction : IBinaryFunction
{
    public static float Apply(float a, float b) => a / b;
    public static TV Apply<TV>(TV a, TV b) where TV : struct, ISimdVector<TV> => TV.Divide(a, b);
}

/// <summary>PRelu: x where x &gt;= 0, else x * slope.</summary>
internal struct PReluFunction : IBinaryFunction
{
    public static float Apply(float a, float b) => a >= 0 ? a : a * b;
    public static TV Apply<TV>(TV a, TV b) where TV : struct, ISimdVector<TV> => TV.LeakyMax(a, b);
}

/// <summary>Add, Sub, Mul, Div and PRelu with numpy broadcasting.</summary>
internal sealed class BinaryOperator : Operator
{
    public override int[][] InferShapes(PlanNode node)
    {
        if (node.InputShapes.Length != 2) throw node.Error("expects two inputs");
        return [Shapes.Broadcast(node.InputShape(0), node.InputShape(1), node)];
    }

    public override Kernel CreateKernel(PlanNode node, KernelBinding binding) => node.OpType switch
    {
        "Add" => new BinaryKernel<AddFunction>(node, binding),
        "Sub" => new BinaryKernel<SubFunction>(node, binding),
        "Mul" => new BinaryKernel<MulFunction>(node, binding),
        "Div" => new BinaryKernel<DivFunction>(node, binding),
        "PRelu" => new BinaryKernel<PReluFunction>(node, binding),
        _ => throw node.Error("is not a binary elementwise operator"),
    };
}

/// <summary>
/// Broadcasting binary kernel: walks the output row by row (last dimension), each input either advancing
/// with the row (stride 1) or repeating one value (stride 0).
/// </summary>
internal sealed class BinaryKernel<TF> : Kernel where TF : struct, IBinaryFunction
{
    private readonly int _a, _b, _out;
    private readonly int[] _shape, _stridesA, _stridesB;

    public BinaryKernel(PlanNode node, KernelBinding binding)
    {
        Label = node.Label;
        (_a, _b, _out) = (binding.Inputs[0], binding.Inputs[1], binding.Outputs[0]);
        _shape = node.OutputShapes[0].Length == 0 ? [1] : node.OutputShapes[0];
        _stridesA = Shapes.BroadcastStrides(node.InputShape(0), _shape);
        _stridesB = Shapes.BroadcastStrides(node.InputShape(1), _shape);
    }

    public override void Run(RunContext context)
    {
        var a = context.Read(_a);
        var b = context.Read(_b);
        var y = context.Write(_out);
        int rank = _shape.Length, inner = _shape[rank - 1];
        int sa = _stridesA[rank - 1], sb = _stridesB[rank - 1];
        Span<int> index = stackalloc int[rank];
        for (int o = 0; o < y.Length; o += inner)
        {
            int oa = 0, ob = 0;
            for (int d = 0; d < rank - 1; d++)
            {
                oa += index[d] * _stridesA[d];
                ob += index[d] * _stridesB[d];
            }
            Row(a.Slice(oa), sa, b.Slice(ob), sb, y.Slice(o, inner));
            for (int d = rank - 2; d >= 0; d--)
            {
                if (++index[d] < _shape[d]) break;
                index[d] = 0;
            }
        }
    }

    private static void Row(ReadOnlySpan<float> a, int sa, ReadOnlySpan<float> b, int sb, Span<float> y)
    {
        switch (Simd.Best)
        {
            case SimdWidth.V512: Row<Vec512>(a, sa, b, sb, y); break;
            case SimdWidth.V256: Row<Vec256>(a, sa, b, sb, y); break;
            default: Row<Vec1>(a, sa, b, sb, y); break;
        }
    }

    private static void Row<TV>(ReadOnlySpan<float> a, int sa, ReadOnlySpan<float> b, int sb, Span<float> y) where TV : struct, ISimdVector<TV>
    {
        int n = y.Length, i = 0;
        if (a.IsEmpty || b.IsEmpty || (sa != 0 && a.Length < n) || (sb != 0 && b.Length < n))
            throw new ArgumentException("input row is shorter than the output row");
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float br = ref MemoryMarshal.GetReference(b);
        ref float yr = ref MemoryMarshal.GetReference(y);
        if (sa == 1 && sb == 1)
            for (; i <= n - TV.Count; i += TV.Count)
                TV.Store(TF.Apply(TV.Load(ref Unsafe.Add(ref ar, i)), TV.Load(ref Unsafe.Add(ref br, i))), ref Unsafe.Add(ref yr, i));
        else if (sa == 1)
        {
            TV bv = TV.Broadcast(br);
            for (; i <= n - TV.Count; i += TV.Count)
                TV.Store(TF.Apply(TV.Load(ref Unsafe.Add(ref ar, i)), bv), ref Unsafe.Add(ref yr, i));
        }
        else if (sb == 1)
        {
            TV av = TV.Broadcast(ar);
            for (; i <= n - TV.Count; i += TV.Count)
                TV.Store(TF.Apply(av, TV.Load(ref Unsafe.Add(ref br, i))), ref Unsafe.Add(ref yr, i));
        }
        for (; i < n; i++)
            y[i] = TF.Apply(a[i * sa], b[i * sb]);
    }
}

/// <summary>Relu, Neg, Sigmoid, Exp, Tanh, Sqrt, Abs, LeakyRelu and Clip (bounds from attributes or constant inputs).</summary>
internal sealed class UnaryOperator : Operator
{
    public override bool IsDataInput(int index) => index == 0;

    public override int[][] InferShapes(PlanNode node) => [node.InputShape(0)];

    public static (float Min, float Max) ClipBounds(PlanNode node)
    {
        if (node.Opset < 11)
            return (node.Attributes.GetFloat("min", float.NegativeInfinity), node.Attributes.GetFloat("max", float.PositiveInfinity));
        float min = node.OptionalConstant(1, "min")?.AsFloats() is [var lo] ? lo : float.NegativeInfinity;
        float max = node.OptionalConstant(2, "max")?.AsFloats() is [var hi] ? hi : float.PositiveInfinity;
        return (min, max);
    }

    public override Kernel CreateKernel(PlanNode node, KernelBinding binding)
    {
        if (node.OpType is "Relu" or "Neg" or "Clip")
        {
            var (min, max) = node.OpType == "Clip" ? ClipBounds(node) : (0f, float.PositiveInfinity);
            return new ActivationKernel(new Activation([0f], ActivationKind.Clip, min, max), node.OpType == "Neg", binding.Inputs[0], binding.Outputs[0]) { Label = node.Label };
        }
        Func<float, float> f = node.OpType switch
        {
            "Relu" => x => MathF.Max(x, 0f),
            "Neg" => x => -x,
            "Sigmoid" => x => 1f / (1f + MathF.Exp(-x)),
            "Exp" => MathF.Exp,
            "Tanh" => MathF.Tanh,
            "Sqrt" => MathF.Sqrt,
            "Abs" => MathF.Abs,
            "LeakyRelu" => LeakyRelu(node.Attributes.GetFloat("alpha", 0.01f)),
            "Clip" => Clip(ClipBounds(node)),
            _ => throw node.Error("is not a unary elementwise operator"),
        };
        return new UnaryKernel(f, binding.Inputs[0], binding.Outputs[0]) { Label = node.Label };
    }

    private static Func<float, float> LeakyRelu(float alpha) => x => x >= 0 ? x : x * alpha;

    private static Func<float, float> Clip((float Min, float Max) b) => x => MathF.Min(MathF.Max(x, b.Min), b.Max);

    /// <summary>Relu and Clip on the vectorised activation path, and Neg.</summary>
    private sealed class ActivationKernel(Activation activation, bool negate, int input, int output) : Kernel
    {
        public override void Run(RunContext context)
        {
            var x = context.Read(input);
            var y = context.Write(output);
            if (!negate)
            {
                x.CopyTo(y);
                activation.ApplyInPlace(y, 0);
                return;
            }
            int i = 0;
            if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)
                for (; i <= y.Length - 16; i += 16)
                    System.Runtime.Intrinsics.Vector512.CopyTo(-System.Runtime.Intrinsics.Vector512.Create(x.Slice(i, 16)), y.Slice(i, 16));
            for (; i < y.Length; i++)
                y[i] = -x[i];
        }
    }

    private sealed class UnaryKernel(Func<float, float> function, int input, int output) : Kernel
    {
        public override void Run(RunContext context)
        {
            var x = context.Read(input);
            var y = context.Write(output);
            for (int i = 0; i < y.Length; i++)
                y[i] = function(x[i]);
        }
    }
}

/// <summary>Inference-mode BatchNormalization as a per-channel scale and shift.</summary>
internal sealed class BatchNormOperator : Operator
{
    public override bool IsDataInput(int index) => index == 0;

    public override int[][] InferShapes(PlanNode node)
    {
        var x = node.InputShape(0);
        if (x.Length < 2) throw node.Error($"expects rank >= 2, got {Shapes.Format(x)}");
        ScaleShift(node);
        return [x];
    }

    /// <summary>y = x * scale + shift per channel, from gamma, beta, mean, var and epsilon.</summary>
    public static (float[] Scale, float[] Shift) ScaleShift(PlanNode node)
    {
        int c = node.InputShape(0)[1];
        var gamma = node.RequireConstant(1, "scale").AsFloats();
        var beta = node.RequireConstant(2, "bias").AsFloats();
        var mean = node.RequireConstant(3, "mean").AsFloats();
        var variance = node.RequireConstant(4, "var").AsFloats();
        if (gamma.Length != c || beta.Length != c || mean.Length != c || variance.Length != c)
            throw node.Error($"parameters do not have {c} channels");
        float eps = node.Attributes.GetFloat("epsilon", 1e-5f);
        var scale = new float[c];
        var shift = new float[c];
        for (int i = 0; i < c; i++)
        {
            scale[i] = gamma[i] / MathF.Sqrt(variance[i] + eps);
            shift[i] = beta[i] - mean[i] * scale[i];
        }
        return (scale, shift);
    }

    public override Kernel CreateKernel(PlanNode node, KernelBinding binding) => new BatchNormKernel(node, binding) { Label = node.Label };

    private sealed class BatchNormKernel(PlanNode node, KernelBinding binding) : Kernel
    {
        private readonly (float[] Scale, float[] Shift) _p = ScaleShift(node);
        private readonly int _inner = Shapes.Product(node.InputShape(0), 2, node.InputShape(0).Length);

        public override void Run(RunContext context)
        {
            var x = context.Read(binding.Inputs[0]);
            var y = context.Write(binding.Outputs[0]);
            int channels = _p.Scale.Length;
            for (int o = 0; o < y.Length; o += _inner)
            {
                int c = o / _inner % channels;
                float s = _p.Scale[c], t = _p.Shift[c];
                for (int i = 0; i < _inner; i++)
                    y[o + i] = x[o + i] * s + t;
            }
        }
    }
}
