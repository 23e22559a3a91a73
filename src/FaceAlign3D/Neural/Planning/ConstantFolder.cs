using FaceAlign3D.Neural.Graph;
using FaceAlign3D.Neural.Kernels;
using FaceAlign3D.Neural.Runtime;

namespace FaceAlign3D.Neural.Planning;

/// <summary>
/// Evaluates nodes whose inputs are all constant at load time. Integer tensors (shape arithmetic) go through
/// the element-type-neutral data movement routines; float tensors through the operator's own kernel.
/// </summary>
internal sealed class ConstantFolder : IDisposable
{
    private readonly WorkerPool _pool = new(1);

    public ConstantTensor[] Fold(PlanNode node, Operator op)
    {
        var shapes = op.InferShapes(node);
        node.OutputShapes = shapes;
        string name = node.Node.Outputs[0];
        bool integer = node.InputConstants.Any(c => c is not null && !c.IsFloat);
        if (op.IsAlias)
            return [node.InputConstants[0]!.WithShape(name, shapes[0])];
        if (!integer)
            return [ConstantTensor.OfFloats(name, shapes[0], RunKernel(node, op))];
        var data = node.InputConstants[0]!;
        if (!data.IsFloat || node.OpType is not ("Gather" or "Slice" or "Transpose"))
            return [ConstantTensor.OfLongs(name, shapes[0], FoldIntegers(node, shapes[0]))];
        // Float data with integer parameters (indices, starts): run the float kernel.
        return [ConstantTensor.OfFloats(name, shapes[0], RunKernel(node, op))];
    }

    private long[] FoldIntegers(PlanNode node, int[] outShape)
    {
        var result = new long[Shapes.Size(outShape)];
        var inputs = node.InputConstants.Select(c => c?.AsLongs()).ToArray();
        switch (node.OpType)
        {
            case "Concat":
                int axis = ConcatOperator.Axis(node), offset = 0;
                int outer = Shapes.Product(outShape, 0, axis), outBlock = Shapes.Product(outShape, axis, outShape.Length);
                for (int i = 0; i < inputs.Length; i++)
                {
                    var s = node.InputShape(i);
                    int block = Shapes.Product(s, axis, s.Length);
                    DataMovement.ConcatPart<long>(inputs[i], result, outer, block, outBlock, offset);
                    offset += block;
                }
                break;
            case "Gather":
                DataMovement.Gather<long>(inputs[0], node.InputShape(0), Shapes.NormalizeAxis(node.Attributes.GetInt("axis", 0), node.InputShape(0).Length, node), inputs[1], result);
                break;
            case "Slice":
                var (starts, steps, shape) = SliceOperator.Resolve(node);
                DataMovement.Slice<long>(inputs[0], node.InputShape(0), starts, steps, shape, result);
                break;
            case "Transpose":
                DataMovement.Transpose<long>(inputs[0], node.InputShape(0), TransposeOperator.Perm(node), result);
                break;
            case "Add" or "Sub" or "Mul" or "Div":
                var sa = Shapes.BroadcastStrides(node.InputShape(0), outShape);
                var sb = Shapes.BroadcastStrides(node.InputShape(1), outShape);
                var strides = Shapes.Strides(outShape);
                for (int o = 0; o < result.Length; o++)
                {
                    int ia = 0, ib = 0;
                    for (int d = 0; d < outShape.Length; d++)
                    {
                        int k = o / strides[d] % outShape[d];
                        ia += k * sa[d];
                        ib += k * sb[d];
                    }
                    long a = inputs[0]![ia], b = inputs[1]![ib];
                    result[o] = node.OpType switch
                    {
                        "Add" => a + b,
                        "Sub" => a - b,
                        "Mul" => a * b,
                        _ => b == 0 ? throw node.Error("integer division by zero") : a / b,
                    };
                }
                break;
            default:
                throw node.Error("cannot be evaluated on integer tensors");
        }
        return result;
    }

    private float[] RunKernel(PlanNode node, Operator op)
    {
        var slots = new List<TensorSlot>();
        var inputs = new int[node.InputShapes.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = -1;
            if (!node.HasInput(i) || !op.IsDataInput(i)) continue;
            var c = node.InputConstants[i]!;
            inputs[i] = slots.Count;
            slots.Add(new TensorSlot(node.Node.Inputs[i], c.Shape) { Array = c.AsFloats() });
        }
        var output = new TensorSlot(node.Node.Outputs[0], node.OutputShapes[0]);
        output.Array = new float[output.Length];
        slots.Add(output);
        var kernel = op.CreateKernel(node, new KernelBinding(inputs, [slots.Count - 1]));
        kernel.Run(new RunContext([.. slots], 0, _pool, kernel.ScratchLength));
        return output.Array;
    }

    public void Dispose() => _pool.Dispose();
}
