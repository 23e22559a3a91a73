namespace FaceAlign3D.Neural.Planning;

/// <summary>
/// Merges into each Conv the chain that follows it when the Conv output has a single consumer:
/// BatchNormalization, per-channel constant Add/Sub/Mul, then one activation (Relu, Clip, PRelu with per-channel slopes),
/// or the CReLU block Relu(Concat(y, Neg(y))) of an ungrouped convolution; then a MaxPool after a convolution computed by rows.
/// </summary>
internal static class ConvFusion
{
    public static List<PlanNode> Apply(List<PlanNode> nodes, ISet<string> graphOutputs)
    {
        var uses = new Dictionary<string, int>();
        var consumers = new Dictionary<string, PlanNode>();
        var allConsumers = new Dictionary<string, List<PlanNode>>();
        foreach (var n in nodes)
            foreach (var input in n.Node.Inputs.Where(i => i.Length > 0))
            {
                uses[input] = uses.GetValueOrDefault(input) + 1;
                consumers[input] = n;
                if (!allConsumers.TryGetValue(input, out var list)) allConsumers[input] = list = [];
                list.Add(n);
            }
        // The single consumer of a tensor that is not a graph output.
        PlanNode? SoleConsumer(string tensor) =>
            !graphOutputs.Contains(tensor) && uses.GetValueOrDefault(tensor) == 1 ? consumers.GetValueOrDefault(tensor) : null;
        var removed = new HashSet<PlanNode>();
        foreach (var conv in nodes.Where(n => n.OpType == "Conv"))
        {
            int channels = conv.OutputShapes[0][1];
            var epilogue = new ConvEpilogue(channels);
            while (epilogue.Activation == ActivationKind.None)
            {
                string output = conv.Outputs[0];
                if (SoleConsumer(output) is not { } next || !TryMerge(next, output, channels, epilogue))
                    break;
                epilogue.FusedLabels.Add(next.Label);
                removed.Add(next);
                conv.Outputs = next.Outputs;
            }
            if (epilogue.Activation == ActivationKind.None && CReluBlock(conv, allConsumers, uses, graphOutputs, SoleConsumer) is { } block)
            {
                epilogue.Activation = ActivationKind.CRelu;
                foreach (var n in block)
                {
                    epilogue.FusedLabels.Add(n.Label);
                    removed.Add(n);
                }
                conv.Outputs = block[^1].Outputs;
                conv.OutputShapes = block[^1].OutputShapes;
            }
            if (FusablePool(conv, SoleConsumer(conv.Outputs[0])) is { } pool)
            {
                epilogue.MaxPool = pool;
                epilogue.FusedLabels.Add(pool.Label);
                removed.Add(pool);
                conv.Outputs = pool.Outputs;
                conv.OutputShapes = pool.OutputShapes;
            }
            if (epilogue.FusedLabels.Count > 0)
                conv.Epilogue = epilogue;
        }
        return nodes.Where(n => !removed.Contains(n)).ToList();
    }

    private static bool TryMerge(PlanNode next, string input, int channels, ConvEpilogue e)
    {
        switch (next.OpType)
        {
            case "BatchNormalization" when next.Node.Inputs[0] == input && next.Node.Outputs.Length == 1 && AllConstant(next, 1, 4):
                var (scale, shift) = Kernels.BatchNormOperator.ScaleShift(next);
                for (int c = 0; c < channels; c++)
                {
                    e.Scale[c] *= scale[c];
                    e.Shift[c] = e.Shift[c] * scale[c] + shift[c];
                }
                return true;
            case "Add" or "Sub" or "Mul" when PerChannel(next, input, channels) is var (values, constantFirst) && values is not null:
                if (next.OpType == "Sub" && constantFirst) return false;
                for (int c = 0; c < channels; c++)
                {
                    if (next.OpType == "Mul") { e.Scale[c] *= values[c]; e.Shift[c] *= values[c]; }
                    else e.Shift[c] += next.OpType == "Add" ? values[c] : -values[c];
                }
                return true;
            case "Relu":
                e.Activation = ActivationKind.Relu;
                return true;
            case "Clip":
                var (min, max) = Kernels.UnaryOperator.ClipBounds(next);
                e.Activation = ActivationKind.Clip;
                e.ClipMin = min;
                e.ClipMax = max;
                return true;
            case "PRelu" when next.Node.Inputs[0] == input && PerChannel(next, input, channels) is var (slopes, _) && slopes is not null:
                e.Activation = ActivationKind.PRelu;
                e.Slopes = slopes;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Neg, Concat and Relu of Relu(Concat([y, Neg(y)], axis 1)) when y is an ungrouped Conv output used only there.</summary>
    private static PlanNode[]? CReluBlock(PlanNode conv, Dictionary<string, List<PlanNode>> allConsumers, Dictionary<string, int> uses,
        ISet<string> graphOutputs, Func<string, PlanNode?> soleConsumer)
    {
        string y = conv.Outputs[0];
        if (conv.Attributes.GetInt("group", 1) != 1 || graphOutputs.Contains(y) || uses.GetValueOrDefault(y) != 2
            || !allConsumers.TryGetValue(y, out var users) || users.Count != 2)
            return null;
        var neg = users.FirstOrDefault(n => n.OpType == "Neg");
        if (neg is null || neg.Node.Inputs.Length != 1) return null;
        var concat = soleConsumer(neg.Outputs[0]);
        if (concat is null || concat.OpType != "Concat" || !users.Contains(concat)
            || !concat.Node.Inputs.SequenceEqual([y, neg.Outputs[0]]) || concat.OutputShapes[0].Length != 4
            || concat.Attributes.GetInt("axis", 1) is not (1 or -3))
            return null;
        var relu = soleConsumer(concat.Outputs[0]);
        return relu is { OpType: "Relu" } ? [neg, concat, relu] : null;
    }

    /// <summary>
    /// The MaxPool that is the sole reader of a convolution computed by rows (<see cref="Kernels.DirectConvRows"/>), which
    /// then pools its rows as it produces them instead of writing the full-size activation.
    /// </summary>
    private static PlanNode? FusablePool(PlanNode conv, PlanNode? next) =>
        next is { OpType: "MaxPool" } && next.Node.Inputs[0] == conv.Outputs[0] && next.Node.Outputs.Length == 1
        && conv.Attributes.GetInt("group", 1) == 1 && conv.OutputShapes[0] is [_, _, _, var width] && width >= Kernels.DirectConvRows.MinOutWidth
            ? next : null;

    private static bool AllConstant(PlanNode node, int from, int to)
    {
        for (int i = from; i <= to; i++)
            if (!node.HasInput(i) || node.InputConstants[i] is null) return false;
        return true;
    }

    /// <summary>The other operand's values per channel when it is a constant that varies along the channel axis only.</summary>
    private static (float[]? Values, bool ConstantFirst) PerChannel(PlanNode node, string input, int channels)
    {
        if (node.Node.Inputs.Length != 2) return (null, false);
        int other = node.Node.Inputs[0] == input ? 1 : 0;
        if (node.Node.Inputs[1 - other] != input) return (null, false);
        var c = node.InputConstants[other];
        if (c is null || c.Shape.Length > 4) return (null, false);
        // Right-align to NCHW: every dimension but the channel must be 1.
        var shape = Enumerable.Repeat(1, 4 - c.Shape.Length).Concat(c.Shape).ToArray();
        if (shape[0] != 1 || shape[2] != 1 || shape[3] != 1 || (shape[1] != 1 && shape[1] != channels)) return (null, false);
        var v = c.AsFloats();
        return (shape[1] == 1 ? Enumerable.Repeat(v[0], channels).ToArray() : v, other == 0);
    }
}
