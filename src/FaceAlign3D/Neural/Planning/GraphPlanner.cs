using FaceAlign3D.Formats;
using FaceAlign3D.Neural.Graph;
using FaceAlign3D.Neural.Runtime;

namespace FaceAlign3D.Neural.Planning;

/// <summary>
/// Turns a <see cref="ModelGraph"/> and fixed input shapes into an <see cref="ExecutionPlan"/>: topological
/// order, shape inference, constant folding, Conv fusion, weight packing (inside kernel construction) and
/// the arena memory plan.
/// </summary>
internal static class GraphPlanner
{
    public static ExecutionPlan Plan(ModelGraph graph, IReadOnlyList<int[]> inputShapes)
    {
        var shapes = new Dictionary<string, int[]>();
        var constants = new Dictionary<string, ConstantTensor>(graph.Constants);
        foreach (var c in constants.Values)
            shapes[c.Name] = c.Shape;
        for (int i = 0; i < graph.Inputs.Count; i++)
        {
            if (!graph.Inputs[i].IsFloat)
                throw new ModelFormatException(graph.Source, $"input '{graph.Inputs[i].Name}' is not a float tensor");
            shapes[graph.Inputs[i].Name] = inputShapes[i];
        }

        var runtime = new List<PlanNode>();
        using (var folder = new ConstantFolder())
        {
            foreach (var node in TopologicalOrder(graph, shapes.Keys))
            {
                var inputShapesOfNode = node.Inputs.Select(n => n.Length == 0 ? null : shapes[n]).ToArray();
                var inputConstants = node.Inputs.Select(n => n.Length == 0 ? null : constants.GetValueOrDefault(n)).ToArray();
                var plan = new PlanNode(node, inputShapesOfNode, inputConstants, graph) { Outputs = node.Outputs };
                if (node.Outputs.Skip(1).Any(o => o.Length > 0) && node.OpType != "Dropout")
                    throw plan.Error("nodes with several outputs are not supported");
                var folded = FoldBuiltin(plan);
                if (folded is null)
                {
                    if (!OperatorRegistry.TryGet(node.OpType, out var op))
                        throw plan.Error($"unsupported operator '{node.OpType}'");
                    bool allConstant = node.Inputs.Any(n => n.Length > 0) && inputConstants.Where((c, i) => plan.HasInput(i)).All(c => c is not null);
                    if (allConstant)
                        folded = folder.Fold(plan, op)[0];
                    else
                    {
                        plan.OutputShapes = op.InferShapes(plan);
                        runtime.Add(plan);
                        shapes[node.Outputs[0]] = plan.OutputShapes[0];
                        continue;
                    }
                }
                constants[node.Outputs[0]] = folded.Name == node.Outputs[0] ? folded : folded.WithShape(node.Outputs[0], folded.Shape);
                shapes[node.Outputs[0]] = folded.Shape;
            }
        }

        var outputNames = graph.Outputs.Select(o => o.Name).ToHashSet();
        foreach (var o in graph.Outputs)
            if (!shapes.ContainsKey(o.Name))
                throw new ModelFormatException(graph.Source, $"output '{o.Name}' is not produced by any node");
        runtime = ConvFusion.Apply(runtime, outputNames);
        return Bind(graph, runtime, shapes, constants);
    }

    /// <summary>Constant, Shape, Cast and ConstantOfShape, which produce constants (or an alias for a float-to-float Cast).</summary>
    private static ConstantTensor? FoldBuiltin(PlanNode node)
    {
        string name = node.Node.Outputs[0];
        var a = node.Attributes;
        switch (node.OpType)
        {
            case "Constant":
                if (a.GetTensor("value") is { } t) return t.WithShape(name, t.Shape);
                if (a.Has("value_float")) return ConstantTensor.OfFloats(name, [], [a.GetFloat("value_float", 0)]);
                if (a.GetFloats("value_floats") is { } fs) return ConstantTensor.OfFloats(name, [fs.Length], fs);
                if (a.Has("value_int")) return ConstantTensor.OfLongs(name, [], [a.GetInt("value_int", 0)]);
                if (a.GetInts("value_ints") is { } ls) return ConstantTensor.OfLongs(name, [ls.Length], ls);
                throw node.Error("has no supported value attribute");
            case "Shape":
                var shape = node.InputShape(0);
                int rank = shape.Length;
                int start = (int)Math.Clamp(a.GetInt("start", 0) is var s && s < 0 ? s + rank : s, 0, rank);
                int end = (int)Math.Clamp(a.GetInt("end", rank) is var e && e < 0 ? e + rank : e, 0, rank);
                var dims = shape[start..Math.Max(start, end)].Select(d => (long)d).ToArray();
                return ConstantTensor.OfLongs(name, [dims.Length], dims);
            case "ConstantOfShape":
                var target = node.RequireConstant(0, "shape").AsLongs();
                if (target.Any(d => d < 0 || d > 1 << 28)) throw node.Error("invalid shape");
                var targetShape = target.Select(d => (int)d).ToArray();
                var fill = a.GetTensor("value");
                int count = Shapes.Size(targetShape);
                return fill is null || fill.IsFloat
                    ? ConstantTensor.OfFloats(name, targetShape, Enumerable.Repeat(fill?.Floats![0] ?? 0f, count).ToArray())
                    : ConstantTensor.OfLongs(name, targetShape, Enumerable.Repeat(fill.Longs![0], count).ToArray());
            case "Cast":
                long to = a.GetInt("to", 0);
                bool toFloat = to is 1 or 10 or 11;
                var c = node.InputConstants.ElementAtOrDefault(0);
                if (c is null)
                    return toFloat ? null : throw node.Error($"casting a runtime tensor to type {to} is not supported");
                return toFloat ? ConstantTensor.OfFloats(name, c.Shape, c.AsFloats()) : ConstantTensor.OfLongs(name, c.Shape, c.AsLongs());
            default:
                return null;
        }
    }

    private static IEnumerable<GraphNode> TopologicalOrder(ModelGraph graph, IEnumerable<string> available)
    {
        var known = new HashSet<string>(available) { "" };
        var pending = graph.Nodes.ToList();
        while (pending.Count > 0)
        {
            int before = pending.Count;
            var ready = pending.Where(n => n.Inputs.All(known.Contains)).ToList();
            foreach (var n in ready)
            {
                foreach (var o in n.Outputs.Where(o => o.Length > 0))
                    if (!known.Add(o))
                        throw new ModelFormatException(graph.Source, $"{n.Label}: output '{o}' is produced twice");
                yield return n;
            }
            pending.RemoveAll(ready.Contains);
            if (pending.Count == before)
            {
                var stuck = pending[0];
                throw new ModelFormatException(graph.Source, $"{stuck.Label}: input '{stuck.Inputs.First(i => !known.Contains(i))}' is never produced (or the graph has a cycle)");
            }
        }
    }

    /// <summary>Creates slots, plans the arena and builds every kernel.</summary>
    private static ExecutionPlan Bind(ModelGraph graph, List<PlanNode> nodes, Dictionary<string, int[]> shapes, Dictionary<string, ConstantTensor> constants)
    {
        var slots = new List<TensorSlot>();
        var slotOf = new Dictionary<string, int>();
        // Every slot maps to a storage root; aliases share the root of their input.
        var rootOf = new List<int>();
        int AddSlot(string name, int root)
        {
            slotOf[name] = slots.Count;
            slots.Add(new TensorSlot(name, shapes[name]));
            rootOf.Add(root < 0 ? slots.Count - 1 : root);
            return slots.Count - 1;
        }
        int SlotFor(string name)
        {
            if (slotOf.TryGetValue(name, out int s)) return s;
            if (constants.TryGetValue(name, out var c))
            {
                s = AddSlot(name, -1);
                slots[s].Array = c.AsFloats();
                return s;
            }
            throw new ModelFormatException(graph.Source, $"tensor '{name}' has no producer");
        }
        var inputSlots = graph.Inputs.Select((input, i) =>
        {
            int s = AddSlot(input.Name, -1);
            slots[s].InputIndex = i;
            return s;
        }).ToArray();

        var bindings = new List<(PlanNode Node, Operator Op, KernelBinding Binding)>();
        var firstStep = new Dictionary<int, int>();
        var lastStep = new Dictionary<int, int>();
        void Touch(int slot, int step)
        {
            int root = rootOf[slot];
            firstStep.TryAdd(root, step);
            lastStep[root] = Math.Max(lastStep.GetValueOrDefault(root), step);
        }
        for (int step = 0; step < nodes.Count; step++)
        {
            var node = nodes[step];
            OperatorRegistry.TryGet(node.OpType, out var op);
            var ins = node.Node.Inputs.Select((name, i) => name.Length > 0 && op.IsDataInput(i) ? SlotFor(name) : -1).ToArray();
            foreach (int s in ins.Where(s => s >= 0)) Touch(s, step);
            if (op.IsAlias)
            {
                shapes[node.Outputs[0]] = node.OutputShapes[0];
                int alias = AddSlot(node.Outputs[0], rootOf[ins[0]]);
                Touch(alias, step);
                continue;
            }
            shapes[node.Outputs[0]] = node.OutputShapes[0];
            int output = AddSlot(node.Outputs[0], -1);
            Touch(output, step);
            bindings.Add((node, op, new KernelBinding(ins, [output])));
        }
        var outputSlots = graph.Outputs.Select(o => SlotFor(o.Name)).ToArray();
        foreach (int s in outputSlots) Touch(s, nodes.Count);

        // Arena buffers: roots that are neither graph inputs nor constants.
        var arenaRoots = firstStep.Keys.Where(r => slots[r].InputIndex < 0 && slots[r].Array.Length == 0 && slots[r].Length > 0).OrderBy(r => r).ToList();
        var (offsets, arenaLength) = MemoryPlanner.Assign(arenaRoots.Select(r => new MemoryPlanner.Buffer(slots[r].Length, firstStep[r], lastStep[r])).ToList());
        var arena = new float[arenaLength];
        for (int i = 0; i < arenaRoots.Count; i++)
        {
            slots[arenaRoots[i]].Array = arena;
            slots[arenaRoots[i]].Offset = offsets[i];
        }
        for (int s = 0; s < slots.Count; s++)
        {
            var root = slots[rootOf[s]];
            slots[s].Array = root.Array;
            slots[s].Offset = root.Offset;
            slots[s].InputIndex = root.InputIndex;
        }
        var kernels = bindings.Select(b => b.Op.CreateKernel(b.Node, b.Binding)).ToArray();
        return new ExecutionPlan([.. slots], kernels, inputSlots, outputSlots, arena);
    }
}
