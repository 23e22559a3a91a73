using System.Buffers.Binary;
using FaceAlign3D.Formats;
using FaceAlign3D.Neural.Graph;

namespace FaceAlign3D.Neural.Formats.TfLite;

/// <summary>
/// Maps the operators of one TFLite subgraph onto ONNX-named graph nodes in NCHW layout (see
/// <see cref="TfLiteModelReader"/> for the conventions). One instance converts one model.
/// </summary>
internal sealed class TfLiteGraphConverter
{
    private const int Opset = 13;
    /// <summary>Where each NCHW dimension comes from in NHWC, and where each NHWC dimension goes in NCHW.</summary>
    private static readonly int[] NhwcToNchw = [0, 3, 1, 2], NchwAxisOfNhwc = [0, 2, 3, 1];

    private readonly TfLiteModel _model;
    private readonly TfLiteSubGraph _graph;
    private readonly string[] _names;
    private readonly HashSet<string> _used = [];
    private readonly Dictionary<string, int> _suffixes = [];
    private long _decodedElements;
    private readonly Dictionary<int, ConstantTensor?> _tfConstants = [];
    private readonly Dictionary<string, ConstantTensor> _constants = [];
    private readonly Dictionary<int, ConstantTensor> _folded = [];
    private readonly List<GraphNode> _nodes = [];

    public TfLiteGraphConverter(TfLiteModel model)
    {
        _model = model;
        _graph = model.Main;
        _names = new string[_graph.Tensors.Length];
        for (int i = 0; i < _names.Length; i++)
            _names[i] = Fresh(string.IsNullOrEmpty(_graph.Tensors[i].Name) ? $"tensor{i}" : _graph.Tensors[i].Name);
    }

    private string Source => _model.Source;

    public ModelGraph Convert()
    {
        var inputs = new List<ValueInfo>();
        foreach (int t in _graph.Inputs)
        {
            var tensor = _graph.Tensors[t];
            if (tensor.Type != TfLiteTensorType.Float32)
                throw new ModelFormatException(Source, $"input tensor '{tensor.Name}' has type {tensor.Type}; only float32 inputs are supported");
            var shape = Nchw(tensor.Shape);
            inputs.Add(new ValueInfo(_names[t], shape, new string?[shape.Length], true));
        }
        foreach (var op in _graph.Operators)
            Map(op);
        var produced = _nodes.SelectMany(n => n.Outputs).ToHashSet();
        var outputs = new List<ValueInfo>();
        foreach (int t in _graph.Outputs)
        {
            if (!produced.Contains(_names[t]) && !_graph.Inputs.Contains(t))
                throw new ModelFormatException(Source, $"output tensor '{_graph.Tensors[t].Name}' is not computed by any operator");
            var shape = Nchw(_graph.Tensors[t].Shape);
            outputs.Add(new ValueInfo(_names[t], shape, new string?[shape.Length], true));
        }
        if (inputs.Count == 0 || outputs.Count == 0)
            throw new ModelFormatException(Source, "the subgraph has no inputs or no outputs");
        return new ModelGraph(Source, TensorLayout.Nchw, Opset, inputs, outputs, _nodes, _constants);
    }

    /// <summary>The BuiltinOptions union tag each mapped operator's options must carry (schema.fbs).</summary>
    private static readonly Dictionary<int, byte> OptionsTypes = new()
    {
        [TfLiteBuiltins.Conv2D] = 1, [TfLiteBuiltins.DepthwiseConv2D] = 2, [TfLiteBuiltins.MaxPool2D] = 5,
        [TfLiteBuiltins.AveragePool2D] = 5, [TfLiteBuiltins.Concatenation] = 10, [TfLiteBuiltins.Add] = 11,
        [TfLiteBuiltins.Reshape] = 17, [TfLiteBuiltins.Mul] = 21, [TfLiteBuiltins.Pad] = 22, [TfLiteBuiltins.Sub] = 28,
        [TfLiteBuiltins.Div] = 29, [TfLiteBuiltins.StridedSlice] = 32,
    };

    private void Map(TfLiteOperator op)
    {
        if (op.CustomCode is null && op.OptionsType != 0 && OptionsTypes.TryGetValue(op.BuiltinCode, out byte expected) && op.OptionsType != expected)
            throw Error(op, $"builtin options of union type {op.OptionsType} do not belong to this operator");
        var o = op.Options;
        switch (op.CustomCode is null ? op.BuiltinCode : -1)
        {
            case TfLiteBuiltins.Dequantize:
                FoldDequantize(op);
                break;
            case TfLiteBuiltins.Conv2D:
                MapConv(op, depthwise: false, o.Byte(0), o.Int(1, 1), o.Int(2, 1), o.Byte(3), o.Int(4, 1), o.Int(5, 1));
                break;
            case TfLiteBuiltins.DepthwiseConv2D:
                MapConv(op, depthwise: true, o.Byte(0), o.Int(1, 1), o.Int(2, 1), o.Byte(4), o.Int(5, 1), o.Int(6, 1));
                break;
            case TfLiteBuiltins.MaxPool2D or TfLiteBuiltins.AveragePool2D:
                MapPool(op, o.Byte(0), o.Int(1, 1), o.Int(2, 1), o.Int(3, 1), o.Int(4, 1), o.Byte(5));
                break;
            case TfLiteBuiltins.Add or TfLiteBuiltins.Sub or TfLiteBuiltins.Mul or TfLiteBuiltins.Div:
                MapBinary(op, op.BuiltinCode switch
                {
                    TfLiteBuiltins.Add => "Add",
                    TfLiteBuiltins.Sub => "Sub",
                    TfLiteBuiltins.Mul => "Mul",
                    _ => "Div",
                }, o.Byte(0));
                break;
            case TfLiteBuiltins.PRelu:
                MapBinary(op, "PRelu", 0);
                break;
            case TfLiteBuiltins.Relu:
                Unary(op, "Relu", []);
                break;
            case TfLiteBuiltins.Relu6:
                Unary(op, "Clip", [ScalarConstant(0), ScalarConstant(6)]);
                break;
            case TfLiteBuiltins.Logistic:
                Unary(op, "Sigmoid", []);
                break;
            case TfLiteBuiltins.Tanh:
                Unary(op, "Tanh", []);
                break;
            case TfLiteBuiltins.Pad:
                MapPad(op);
                break;
            case TfLiteBuiltins.Reshape:
                MapReshape(op);
                break;
            case TfLiteBuiltins.Concatenation:
                MapConcat(op, o.Int(0, 0), o.Byte(1));
                break;
            case TfLiteBuiltins.StridedSlice:
                MapStridedSlice(op, new StridedSliceMasks(o.Int(0, 0), o.Int(1, 0), o.Int(2, 0), o.Int(3, 0), o.Int(4, 0), o.Byte(5) != 0));
                break;
            default:
                throw Error(op, "is not supported by the TFLite reader");
        }
    }

    private void FoldDequantize(TfLiteOperator op)
    {
        RequireArity(op, 1, 1);
        var input = TfConstant(op.Inputs[0]) ?? throw Error(op, $"input '{TensorName(op.Inputs[0])}' must be a constant (runtime dequantization is not supported)");
        var output = _graph.Tensors[op.Outputs[0]];
        if (!input.IsFloat || output.Type != TfLiteTensorType.Float32)
            throw Error(op, $"only float16 to float32 dequantization is supported ('{TensorName(op.Inputs[0])}' is {_graph.Tensors[op.Inputs[0]].Type})");
        _folded[op.Outputs[0]] = input.WithShape(output.Name, input.Shape);
    }

    private void MapConv(TfLiteOperator op, bool depthwise, byte padding, int strideW, int strideH, byte activation, int dilationW, int dilationH)
    {
        if (op.Inputs.Length is < 2 or > 3 || op.Outputs.Length != 1)
            throw Error(op, $"expects 2 or 3 inputs and 1 output, has {op.Inputs.Length} and {op.Outputs.Length}");
        var x = Shape(op.Inputs[0]);
        var w = TfConstant(op.Inputs[1]) ?? throw Error(op, $"weights '{TensorName(op.Inputs[1])}' must be constant");
        if (x.Length != 4 || w.Shape.Length != 4)
            throw Error(op, $"input {Format(x)} and weights {Format(w.Shape)} must both be rank 4");
        var attributes = new Dictionary<string, AttributeValue>
        {
            ["strides"] = Ints(strideH, strideW),
            ["dilations"] = Ints(dilationH, dilationW),
            ["auto_pad"] = Padding(op, padding),
        };
        ConstantTensor weights;
        if (depthwise)
        {
            // [1, H, W, C*M] -> [C*M, 1, H, W]; output channel c*M+m reads input channel c in both layouts.
            int channels = x[3];
            if (w.Shape[0] != 1 || channels <= 0 || w.Shape[3] % channels != 0)
                throw Error(op, $"depthwise weights {Format(w.Shape)} do not fit input {Format(x)}");
            weights = Permute(w, [3, 0, 1, 2], _names[op.Inputs[1]] + "#oihw");
            attributes["group"] = new AttributeValue { Int = channels };
        }
        else
            weights = Permute(w, NhwcToNchw, _names[op.Inputs[1]] + "#oihw"); // OHWI -> OIHW
        AddConstant(weights);
        var inputs = new List<string> { Data(op, 0), weights.Name };
        if (op.Inputs.Length == 3 && op.Inputs[2] >= 0)
        {
            var bias = TfConstant(op.Inputs[2]) ?? throw Error(op, $"bias '{TensorName(op.Inputs[2])}' must be constant");
            inputs.Add(AddConstant(bias.WithShape(_names[op.Inputs[2]] + "#bias", [bias.Length])));
        }
        Emit(op, "Conv", inputs.ToArray(), attributes, activation);
    }

    private void MapPool(TfLiteOperator op, byte padding, int strideW, int strideH, int filterW, int filterH, byte activation)
    {
        RequireArity(op, 1, 1);
        if (Shape(op.Inputs[0]).Length != 4)
            throw Error(op, $"input {Format(Shape(op.Inputs[0]))} must be rank 4");
        var attributes = new Dictionary<string, AttributeValue>
        {
            ["kernel_shape"] = Ints(filterH, filterW),
            ["strides"] = Ints(strideH, strideW),
            ["auto_pad"] = Padding(op, padding),
        };
        Emit(op, op.BuiltinCode == TfLiteBuiltins.MaxPool2D ? "MaxPool" : "AveragePool", [Data(op, 0)], attributes, activation);
    }

    private void MapBinary(TfLiteOperator op, string opType, byte activation)
    {
        RequireArity(op, 2, 1);
        int rank = Shape(op.Outputs[0]).Length;
        Emit(op, opType, [Operand(op, 0, rank), Operand(op, 1, rank)], [], activation);
    }

    private void Unary(TfLiteOperator op, string opType, string[] parameters)
    {
        RequireArity(op, 1, 1);
        Emit(op, opType, [Data(op, 0), .. parameters], [], 0);
    }

    private void MapPad(TfLiteOperator op)
    {
        RequireArity(op, 2, 1);
        var x = Shape(op.Inputs[0]);
        var paddings = TfConstant(op.Inputs[1]) ?? throw Error(op, $"paddings '{TensorName(op.Inputs[1])}' must be constant");
        var p = paddings.AsLongs();
        if (paddings.Shape is not [var rows, 2] || rows != x.Length)
            throw Error(op, $"paddings {Format(paddings.Shape)} do not match input rank {x.Length}");
        var pads = new long[2 * rows];
        for (int i = 0; i < rows; i++)
        {
            int from = rows == 4 ? NhwcToNchw[i] : i;
            pads[i] = p[2 * from];
            pads[rows + i] = p[2 * from + 1];
        }
        string padsName = AddConstant(ConstantTensor.OfLongs(Fresh(_names[op.Inputs[1]] + "#onnx"), [pads.Length], pads));
        Emit(op, "Pad", [Data(op, 0), padsName], [], 0);
    }

    private void MapReshape(TfLiteOperator op)
    {
        if (op.Inputs.Length is < 1 or > 2 || op.Outputs.Length != 1)
            throw Error(op, "expects 1 or 2 inputs and 1 output");
        // The output tensor's shape is authoritative; new_shape and the shape input may hold -1.
        var target = Shape(op.Outputs[0]);
        if (target.Any(d => d < 0) || ConstantTensor.ElementCount(target) != ConstantTensor.ElementCount(Shape(op.Inputs[0])))
            throw Error(op, $"output shape {Format(target)} does not hold the input {Format(Shape(op.Inputs[0]))}");
        string value = ToTfLiteOrder(op, Data(op, 0), Shape(op.Inputs[0]));
        bool toSpatial = target.Length == 4 && NeedsTranspose(target);
        string reshaped = toSpatial ? Fresh(_names[op.Outputs[0]] + "#nhwc") : _names[op.Outputs[0]];
        var shapeTarget = target.Length == 4 && !toSpatial ? Nchw(target) : target;
        string shapeName = AddConstant(ConstantTensor.OfLongs(Fresh(_names[op.Outputs[0]] + "#shape"), [shapeTarget.Length], shapeTarget.Select(d => (long)d).ToArray()));
        AddNode(op, "Reshape", [value, shapeName], reshaped, []);
        if (toSpatial)
            AddNode(op, "Transpose", [reshaped], _names[op.Outputs[0]], new() { ["perm"] = Ints(NhwcToNchw) });
    }

    private void MapConcat(TfLiteOperator op, int axis, byte activation)
    {
        if (op.Inputs.Length < 1 || op.Outputs.Length != 1)
            throw Error(op, "expects at least 1 input and 1 output");
        int rank = Shape(op.Outputs[0]).Length;
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
            throw Error(op, $"axis {axis} is out of range for rank {rank}");
        var inputs = op.Inputs.Select((_, i) => Operand(op, i, rank)).ToArray();
        Emit(op, "Concat", inputs, new() { ["axis"] = new AttributeValue { Int = rank == 4 ? NchwAxisOfNhwc[a] : a } }, activation);
    }

    private readonly record struct StridedSliceMasks(int Begin, int End, int Ellipsis, int NewAxis, int Shrink, bool Offset);

    /// <summary>
    /// STRIDED_SLICE with constant begin/end/strides, resolved at load time with TFLite's rules (masks, negative
    /// indices, clamping) into a Slice on the NCHW value; shrunk axes are then dropped by a Reshape of the values
    /// in TFLite order.
    /// </summary>
    private void MapStridedSlice(TfLiteOperator op, StridedSliceMasks masks)
    {
        RequireArity(op, 4, 1);
        if (masks.Ellipsis != 0 || masks.NewAxis != 0)
            throw Error(op, $"ellipsis_mask {masks.Ellipsis} and new_axis_mask {masks.NewAxis} are not supported (only 0)");
        if (masks.Offset)
            throw Error(op, "offset = true (end relative to begin) is not supported");
        var x = Shape(op.Inputs[0]);
        if (x.Any(d => d < 0))
            throw Error(op, $"input {Format(x)} has a dynamic shape");
        int rank = x.Length;
        var begin = IndexVector(op, 1, "begin", rank);
        var end = IndexVector(op, 2, "end", rank);
        var strides = IndexVector(op, 3, "strides", rank);

        var starts = new long[rank];
        var ends = new long[rank];
        var steps = new long[rank];
        var sliced = new int[rank];
        var kept = new List<int>();
        for (int a = 0; a < rank; a++)
        {
            long dim = x[a], stride = strides[a];
            bool shrink = (masks.Shrink & (1 << a)) != 0;
            if (stride == 0)
                throw Error(op, $"stride of axis {a} is 0");
            if (shrink && stride < 0)
                throw Error(op, $"shrink axis {a} has a negative stride");
            long start = SliceBound(begin[a], (masks.Begin & (1 << a)) != 0, stride, dim, first: true);
            long stop = shrink ? start + 1 : SliceBound(end[a], (masks.End & (1 << a)) != 0, stride, dim, first: false);
            long count = stride > 0 ? (stop - start + stride - 1) / stride : (start - stop - stride - 1) / -stride;
            if (shrink && (start < 0 || start >= dim))
                throw Error(op, $"shrink axis {a}: index {begin[a]} is out of range for dimension {dim}");
            count = Math.Max(0, count);
            if (count == 0)
                (start, stride) = (0, 1);
            // Slice's end excludes the last element; a negative end would count from the back, so "before 0" is int.MinValue.
            long last = start + (count - 1) * stride, exclusive = last + Math.Sign(stride);
            starts[a] = start;
            ends[a] = exclusive < 0 ? int.MinValue : exclusive;
            steps[a] = stride;
            sliced[a] = (int)count;
            if (!shrink)
                kept.Add((int)count);
        }
        var declared = Shape(op.Outputs[0]);
        if (!declared.SequenceEqual(kept))
            throw Error(op, $"output shape {Format(declared)} differs from the slice's {Format(kept.ToArray())}");

        // Rank-4 values are held as NCHW: slice TFLite axis a on NCHW axis NchwAxisOfNhwc[a].
        var axes = Enumerable.Range(0, rank).Select(a => (long)(rank == 4 ? NchwAxisOfNhwc[a] : a)).ToArray();
        string output = _names[op.Outputs[0]];
        string Indices(string what, long[] values) =>
            AddConstant(ConstantTensor.OfLongs(Fresh(output + "#" + what), [rank], values));
        string[] inputs = [Data(op, 0), Indices("starts", starts), Indices("ends", ends), Indices("axes", axes), Indices("steps", steps)];
        if (masks.Shrink == 0 || kept.Count == rank)
        {
            AddNode(op, "Slice", inputs, output, []);
            return;
        }
        string slice = Fresh(output + "#slice");
        AddNode(op, "Slice", inputs, slice, []);
        string value = ToTfLiteOrder(op, slice, sliced);
        string shapeName = AddConstant(ConstantTensor.OfLongs(Fresh(output + "#shape"), [kept.Count], kept.Select(d => (long)d).ToArray()));
        AddNode(op, "Reshape", [value, shapeName], output, []);
    }

    /// <summary>TFLite's first index (or one past the last) on an axis: the mask takes the whole range, negatives count from the back, then clamped.</summary>
    private static long SliceBound(long index, bool masked, long stride, long dim, bool first)
    {
        if (masked)
            index = first == stride > 0 ? long.MinValue / 2 : long.MaxValue / 2;
        if (index < 0)
            index += dim;
        return stride > 0 ? Math.Clamp(index, 0, dim) : Math.Clamp(index, -1, dim - 1);
    }

    /// <summary>A constant integer vector with one entry per input dimension (begin, end or strides).</summary>
    private long[] IndexVector(TfLiteOperator op, int index, string what, int rank)
    {
        int t = op.Inputs[index];
        var c = (t < 0 ? null : TfConstant(t)) ?? throw Error(op, $"{what} '{TensorName(t)}' must be a constant");
        if (c.IsFloat || c.Shape.Length != 1 || c.Length != rank)
            throw Error(op, $"{what} '{TensorName(t)}' must be an integer vector of {rank} values (the input rank), is {Format(c.Shape)}{(c.IsFloat ? " float" : "")}");
        return c.AsLongs();
    }

    /// <summary>Adds the node, followed by its fused activation when there is one.</summary>
    private void Emit(TfLiteOperator op, string opType, string[] inputs, Dictionary<string, AttributeValue> attributes, byte activation)
    {
        string output = _names[op.Outputs[0]];
        if (activation == 0)
        {
            AddNode(op, opType, inputs, output, attributes);
            return;
        }
        string linear = Fresh(output + "#linear");
        AddNode(op, opType, inputs, linear, attributes);
        switch (activation)
        {
            case 1: AddNode(op, "Relu", [linear], output, []); break;
            case 2: AddNode(op, "Clip", [linear, ScalarConstant(-1), ScalarConstant(1)], output, []); break;
            case 3: AddNode(op, "Clip", [linear, ScalarConstant(0), ScalarConstant(6)], output, []); break;
            case 4: AddNode(op, "Tanh", [linear], output, []); break;
            default: throw Error(op, $"fused activation {activation} is not supported");
        }
    }

    private void AddNode(TfLiteOperator op, string opType, string[] inputs, string output, Dictionary<string, AttributeValue> attributes) =>
        _nodes.Add(new GraphNode($"{op.OpName} #{op.Index} ({opType})", opType, inputs, [output], new NodeAttributes(attributes)));

    /// <summary>A runtime input of the operator; constants are admitted and stored in NCHW when rank 4.</summary>
    private string Data(TfLiteOperator op, int index) => Operand(op, index, Shape(op.Inputs[index]).Length);

    /// <summary>
    /// An operand of an operator whose output has rank <paramref name="outputRank"/>. A constant broadcast
    /// against rank-4 values is aligned to NHWC rank 4 and permuted to NCHW; a runtime value must then be rank 4.
    /// </summary>
    private string Operand(TfLiteOperator op, int index, int outputRank)
    {
        int t = op.Inputs[index];
        if (t < 0)
            throw Error(op, $"input #{index} is required");
        var constant = TfConstant(t);
        if (constant is null)
        {
            int rank = Shape(t).Length;
            if (outputRank == 4 && rank is > 0 and < 4)
                throw Error(op, $"broadcasting the rank-{rank} value '{TensorName(t)}' against rank-4 values is not supported");
            return _names[t];
        }
        if (outputRank != 4 || constant.Shape.Length == 0)
            return AddConstant(constant.WithShape(_names[t], constant.Shape));
        if (constant.Shape.Length > 4)
            throw Error(op, $"constant '{TensorName(t)}' {Format(constant.Shape)} has a higher rank than the output");
        string name = _names[t] + "#nchw";
        if (_constants.ContainsKey(name))
            return name;
        var aligned = constant.WithShape(name, [.. Enumerable.Repeat(1, 4 - constant.Shape.Length), .. constant.Shape]);
        return AddConstant(Permute(aligned, NhwcToNchw, name));
    }

    /// <summary>The value in TFLite's dimension order: rank-4 values are transposed NCHW -> NHWC when the orders differ.</summary>
    private string ToTfLiteOrder(TfLiteOperator op, string value, int[] tfShape)
    {
        if (tfShape.Length != 4 || !NeedsTranspose(tfShape))
            return value;
        string nhwc = Fresh(value + "#nhwc");
        AddNode(op, "Transpose", [value], nhwc, new() { ["perm"] = Ints(NchwAxisOfNhwc) });
        return nhwc;
    }

    /// <summary>NCHW and NHWC hold the same sequence of values when there is one channel or one pixel.</summary>
    private static bool NeedsTranspose(int[] nhwc) => nhwc[3] > 1 && (long)nhwc[1] * nhwc[2] > 1;

    private static int[] Nchw(int[] shape) => shape.Length == 4 ? NhwcToNchw.Select(d => shape[d]).ToArray() : shape;

    private int[] Shape(int tensor) => _folded.TryGetValue(tensor, out var f) ? f.Shape : _graph.Tensors[tensor].Shape;

    private string TensorName(int tensor) => tensor >= 0 ? _graph.Tensors[tensor].Name : "(omitted)";

    /// <summary>A tensor's constant value in TFLite order (weights, folded dequantizations), or null for runtime values.</summary>
    private ConstantTensor? TfConstant(int t)
    {
        if (_folded.TryGetValue(t, out var folded))
            return folded;
        if (_tfConstants.TryGetValue(t, out var cached))
            return cached;
        var tensor = _graph.Tensors[t];
        var data = tensor.Buffer < _model.Buffers.Length ? _model.Buffers[tensor.Buffer].Span : default;
        ConstantTensor? value = data.IsEmpty ? null : Decode(tensor, data);
        _tfConstants[t] = value;
        return value;
    }

    private ConstantTensor Decode(TfLiteTensor tensor, ReadOnlySpan<byte> data)
    {
        if (tensor.Shape.Any(d => d < 0))
            throw new ModelFormatException(Source, $"constant tensor '{tensor.Name}' has a dynamic shape");
        long count = 1;
        foreach (int d in tensor.Shape)
            count = d == 0 || count <= (long)data.Length / d ? count * d : data.Length + 1L; // past the buffer: reported below
        int size = tensor.Type switch
        {
            TfLiteTensorType.Float32 or TfLiteTensorType.Int32 => 4,
            TfLiteTensorType.Float16 => 2,
            TfLiteTensorType.Int64 => 8,
            _ => throw new ModelFormatException(Source, $"constant tensor '{tensor.Name}' has type {tensor.Type}; quantized and non-numeric constants are not supported"),
        };
        if (count * size != data.Length)
            throw new ModelFormatException(Source, $"constant tensor '{tensor.Name}' {Format(tensor.Shape)} of {tensor.Type} does not fill its {data.Length}-byte buffer exactly");
        // Tensors may share a buffer; bound what decoding may produce by the file size so sharing cannot amplify it.
        _decodedElements += count;
        if (_decodedElements > _model.FileLength + (1L << 20))
            throw new ModelFormatException(Source, $"constant tensor '{tensor.Name}': the constants decode to more elements than the {_model.FileLength}-byte file can hold");
        int n = (int)count;
        switch (tensor.Type)
        {
            case TfLiteTensorType.Float32:
            {
                var values = new float[n];
                for (int i = 0; i < n; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(data[(4 * i)..]);
                return ConstantTensor.OfFloats(tensor.Name, tensor.Shape, values);
            }
            case TfLiteTensorType.Float16:
            {
                var values = new float[n];
                for (int i = 0; i < n; i++) values[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(data[(2 * i)..]);
                return ConstantTensor.OfFloats(tensor.Name, tensor.Shape, values);
            }
            case TfLiteTensorType.Int32:
            {
                var values = new long[n];
                for (int i = 0; i < n; i++) values[i] = BinaryPrimitives.ReadInt32LittleEndian(data[(4 * i)..]);
                return ConstantTensor.OfLongs(tensor.Name, tensor.Shape, values);
            }
            default:
            {
                var values = new long[n];
                for (int i = 0; i < n; i++) values[i] = BinaryPrimitives.ReadInt64LittleEndian(data[(8 * i)..]);
                return ConstantTensor.OfLongs(tensor.Name, tensor.Shape, values);
            }
        }
    }

    /// <summary>Reorders a constant's dimensions: output dimension i is input dimension perm[i].</summary>
    private static ConstantTensor Permute(ConstantTensor c, int[] perm, string name)
    {
        var shape = perm.Select(p => c.Shape[p]).ToArray();
        int rank = shape.Length;
        var inStrides = new long[rank];
        for (int d = rank - 1, s = 1; d >= 0; s *= c.Shape[d], d--)
            inStrides[d] = s;
        var index = new int[rank];
        var source = new int[c.Length];
        for (int i = 0; i < source.Length; i++)
        {
            long from = 0;
            for (int d = 0; d < rank; d++) from += index[d] * inStrides[perm[d]];
            source[i] = (int)from;
            for (int d = rank - 1; d >= 0 && ++index[d] == shape[d]; d--) index[d] = 0;
        }
        return c.IsFloat
            ? ConstantTensor.OfFloats(name, shape, source.Select(s => c.Floats![s]).ToArray())
            : ConstantTensor.OfLongs(name, shape, source.Select(s => c.Longs![s]).ToArray());
    }

    private string AddConstant(ConstantTensor c)
    {
        _constants[c.Name] = c;
        _used.Add(c.Name);
        return c.Name;
    }

    private string ScalarConstant(float value)
    {
        string name = $"#scalar({value})";
        return _constants.ContainsKey(name) ? name : AddConstant(ConstantTensor.OfFloats(name, [], [value]));
    }

    private string Fresh(string name)
    {
        if (_used.Add(name))
            return name;
        // A per-name counter keeps many equal names linear.
        int i = _suffixes.GetValueOrDefault(name);
        string candidate;
        do candidate = $"{name}#{++i}";
        while (!_used.Add(candidate));
        _suffixes[name] = i;
        return candidate;
    }

    private AttributeValue Padding(TfLiteOperator op, byte padding) => padding switch
    {
        0 => new AttributeValue { String = "SAME_UPPER" }, // TensorFlow SAME puts the odd pixel after
        1 => new AttributeValue { String = "VALID" },
        _ => throw Error(op, $"unknown padding {padding}"),
    };

    private static AttributeValue Ints(params int[] values) => new() { Ints = values.Select(v => (long)v).ToArray() };

    private void RequireArity(TfLiteOperator op, int inputs, int outputs)
    {
        if (op.Inputs.Length != inputs || op.Outputs.Length != outputs)
            throw Error(op, $"expects {inputs} inputs and {outputs} outputs, has {op.Inputs.Length} and {op.Outputs.Length}");
    }

    private ModelFormatException Error(TfLiteOperator op, string reason) =>
        new(Source, $"operator {op.Index} ({op.OpName}{(op.Outputs.Length > 0 ? $" -> '{TensorName(op.Outputs[0])}'" : "")}): {reason}");

    private static string Format(int[] shape) => "[" + string.Join(",", shape) + "]";
}
