using FaceAlign3D.Neural.Planning;
using FaceAlign3D.Neural.Runtime;

namespace FaceAlign3D.Neural.Kernels;

/// <summary>
/// Softmax. Before opset 13 the input is viewed as 2-D at <c>axis</c> and normalised over the whole trailing
/// block; from 13 on, over the one axis.
/// </summary>
internal sealed class SoftmaxOperator : Operator
{
    public override int[][] InferShapes(PlanNode node) => [node.InputShape(0)];

    public override Kernel CreateKernel(PlanNode node, KernelBinding binding)
    {
        var x = node.InputShape(0);
        int axis = Shapes.NormalizeAxis(node.Attributes.GetInt("axis", node.Opset < 13 ? 1 : -1), x.Length, node);
        int length = node.Opset < 13 ? Shapes.Product(x, axis, x.Length) : x[axis];
        int inner = node.Opset < 13 ? 1 : Shapes.Product(x, axis + 1, x.Length);
        return new SoftmaxKernel(length, inner, binding) { Label = node.Label };
    }

    private sealed class SoftmaxKernel(int length, int inner, KernelBinding binding) : Kernel
    {
        public override void Run(RunContext context)
        {
            var x = context.Read(binding.Inputs[0]);
            var y = context.Write(binding.Outputs[0]);
            int block = length * inner;
            for (int o = 0; o < y.Length; o += block)
                for (int i = 0; i < inner; i++)
                {
                    int b = o + i;
                    float m = float.NegativeInfinity;
                    for (int k = 0; k < length; k++) m = MathF.Max(m, x[b + k * inner]);
                    float sum = 0;
                    for (int k = 0; k < length; k++)
                    {
                        float e = MathF.Exp(x[b + k * inner] - m);
                        y[b + k * inner] = e;
                        sum += e;
                    }
                    float inv = 1f / sum;
                    for (int k = 0; k < length; k++) y[b + k * inner] *= inv;
                }
        }
    }
}
