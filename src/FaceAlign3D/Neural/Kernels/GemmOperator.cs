using FaceAlign3D.Neural.Planning;
using FaceAlign3D.Neural.Runtime;

namespace FaceAlign3D.Neural.Kernels;

/// <summary>
/// Gemm (Y = alpha * A' * B' + beta * C) and MatMul with a constant right-hand side. The weights are
/// transposed and packed once so that Y^T = W * A^T runs on the shared GEMM micro-kernel.
/// </summary>
internal sealed class GemmOperator : Operator
{
    public override bool IsDataInput(int index) => index == 0;

    private static (int M, int K, int N, bool TransA) Dims(PlanNode node)
    {
        var a = node.InputShape(0);
        var b = node.RequireConstant(1, "B");
        if (node.OpType == "MatMul")
        {
            if (b.Shape.Length != 2 || a.Length < 1 || a[^1] != b.Shape[0])
                throw node.Error($"cannot multiply {Shapes.Format(a)} by {Shapes.Format(b.Shape)}");
            return (Shapes.Product(a, 0, a.Length - 1), b.Shape[0], b.Shape[1], false);
        }
        if (a.Length != 2 || b.Shape.Length != 2) throw node.Error($"expects 2-D A and B, got {Shapes.Format(a)} and {Shapes.Format(b.Shape)}");
        bool ta = node.Attributes.GetInt("transA", 0) != 0, tb = node.Attributes.GetInt("transB", 0) != 0;
        int m = ta ? a[1] : a[0], k = ta ? a[0] : a[1];
        int kb = tb ? b.Shape[1] : b.Shape[0], n = tb ? b.Shape[0] : b.Shape[1];
        if (k != kb) throw node.Error($"inner dimensions differ: {Shapes.Format(a)} and {Shapes.Format(b.Shape)}");
        return (m, k, n, ta);
    }

    public override int[][] InferShapes(PlanNode node)
    {
        var (m, _, n, _) = Dims(node);
        if (node.OpType == "MatMul")
            return [[.. node.InputShape(0)[..^1], n]];
        var c = node.OptionalConstant(2, "C");
        if (c is not null && Shapes.Broadcast(c.Shape, [m, n], node) is var s && (s[0] != m || s[1] != n))
            throw node.Error($"C {Shapes.Format(c.Shape)} does not broadcast to [{m},{n}]");
        return [[m, n]];
    }

    public override Kernel CreateKernel(PlanNode node, KernelBinding binding)
    {
        var (m, k, n, transA) = Dims(node);
        var b = node.RequireConstant(1, "B").AsFloats();
        bool transB = node.OpType == "Gemm" && node.Attributes.GetInt("transB", 0) != 0;
        float alpha = node.OpType == "Gemm" ? node.Attributes.GetFloat("alpha", 1f) : 1f;
        float beta = node.OpType == "Gemm" ? node.Attributes.GetFloat("beta", 1f) : 0f;
        // W[n x k] = alpha * B^T.
        var w = new float[n * k];
        for (int j = 0; j < n; j++)
            for (int p = 0; p < k; p++)
                w[j * k + p] = alpha * (transB ? b[j * k + p] : b[p * n + j]);
        // A per-output-column bias is folded into the shift; a bias varying along M is added afterwards.
        var shift = new float[n];
        float[]? fullBias = null;
        var c = node.OpType == "Gemm" ? node.OptionalConstant(2, "C") : null;
        if (c is not null && beta != 0)
        {
            var cv = c.AsFloats();
            if (c.Length == 1 || (c.Shape.Length >= 1 && c.Shape[^1] == n && c.Length == n))
                for (int j = 0; j < n; j++) shift[j] = beta * cv[c.Length == 1 ? 0 : j];
            else
            {
                fullBias = new float[m * n];
                var strides = Shapes.BroadcastStrides(c.Shape, [m, n]);
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++)
                        fullBias[i * n + j] = beta * cv[i * strides[0] + j * strides[1]];
            }
        }
        return new GemmKernel(PackedMatrix.Pack(w, 0, n, k), new Activation(shift, ActivationKind.None), fullBias, m, k, n, transA, binding) { Label = node.Label };
    }

    private sealed class GemmKernel(PackedMatrix w, Activation activation, float[]? bias, int m, int k, int n, bool transA, KernelBinding binding) : Kernel
    {
        private static readonly int[] Swap = [1, 0];
        private readonly int[] _aShape = [m, k], _ytShape = [n, m];

        public override long MacCount => (long)m * n * k;

        public override int ScratchLength => k * m + n * m;

        public override void Run(RunContext context)
        {
            var a = context.Read(binding.Inputs[0]);
            var y = context.Write(binding.Outputs[0]);
            var scratch = context.Scratch[0].AsSpan();
            // A^T [k x m] is the right-hand side; the product Y^T [n x m] is transposed into Y.
            var at = scratch[..(k * m)];
            if (transA) a[..(k * m)].CopyTo(at);
            else DataMovement.Transpose(a[..(m * k)], _aShape, Swap, at);
            var yt = scratch.Slice(k * m, n * m);
            Gemm.Multiply(w, at, m, yt, m, 0, m, activation);
            DataMovement.Transpose<float>(yt, _ytShape, Swap, y);
            if (bias is not null)
                for (int i = 0; i < y.Length; i++) y[i] += bias[i];
        }
    }
}
