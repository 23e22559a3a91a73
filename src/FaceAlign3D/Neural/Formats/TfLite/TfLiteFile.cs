using FaceAlign3D.Formats;
namespace FaceAlign3D.Neural.Formats.TfLite;

/// <summary>
/// Reads the tables of a TFLite flatbuffer (schema.fbs: Model, OperatorCode, SubGraph, Tensor, Buffer,
/// Operator) into a <see cref="TfLiteModel"/>. Buffers are slices of the file, not copies.
/// </summary>
internal static class TfLiteFile
{
    // Field indices from schema.fbs.
    private const int ModelVersion = 0, ModelOperatorCodes = 1, ModelSubGraphs = 2, ModelBuffers = 4;
    private const int CodeDeprecatedBuiltin = 0, CodeCustom = 1, CodeBuiltin = 3;
    private const int GraphTensors = 0, GraphInputs = 1, GraphOutputs = 2, GraphOperators = 3, GraphName = 4;
    private const int TensorShape = 0, TensorType = 1, TensorBuffer = 2, TensorName = 3;
    private const int BufferData = 0, BufferOffset = 1, BufferSize = 2;
    private const int OpCodeIndex = 0, OpInputs = 1, OpOutputs = 2, OpOptionsType = 3, OpOptions = 4;

    /// <summary>The largest model accepted; flatbuffers address at most 2 GiB without external buffers.</summary>
    public const long MaxFileBytes = int.MaxValue;

    // Limits far above real models. Flatbuffer objects may be shared, so without them a small hostile file could
    // make many tensors point at one huge shape, name or input list and cost quadratic time or memory.
    public const int MaxRank = 8, MaxOperatorArity = 4096, MaxNameBytes = 4096;

    public static TfLiteModel Read(string path)
    {
        byte[] bytes;
        try
        {
            if (new FileInfo(path).Length > MaxFileBytes)
                throw new ModelFormatException(path, $"file is larger than {MaxFileBytes} bytes");
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFormatException(path, "cannot read file: " + e.Message, e);
        }
        return Read(bytes, path);
    }

    public static TfLiteModel Read(byte[] bytes, string name)
    {
        var fb = new FlatBuffer(bytes, name);
        if (bytes.Length < 8)
            throw fb.Error($"{bytes.Length} bytes is too short for a TFLite flatbuffer");
        if (fb.Identifier != "TFL3")
            throw fb.Error($"file identifier is '{Printable(fb.Identifier)}', expected 'TFL3' (not a TFLite model)");
        var model = fb.Root("Model");
        uint version = model.U32(ModelVersion);
        if (version != 3)
            throw fb.Error($"schema version {version} is not supported (expected 3)");

        var codesVector = model.Vector(ModelOperatorCodes, 4, "Model.operator_codes");
        var codes = new (int Builtin, string? Custom)[codesVector.Count];
        for (int i = 0; i < codes.Length; i++)
        {
            var c = codesVector.Table(i, $"operator code {i}");
            if (c.Vector(CodeCustom, 1, $"operator code {i} custom_code").Count > MaxNameBytes)
                throw fb.Error($"operator code {i}: custom_code is longer than {MaxNameBytes} bytes");
            // builtin_code superseded the byte-sized deprecated_builtin_code at 127; writers fill both, readers take the larger.
            int builtin = Math.Max(c.U8(CodeDeprecatedBuiltin), c.I32(CodeBuiltin));
            codes[i] = (builtin, builtin == TfLiteBuiltins.Custom ? c.String(CodeCustom, $"operator code {i} custom_code") : null);
        }

        var buffersVector = model.Vector(ModelBuffers, 4, "Model.buffers");
        var buffers = new ReadOnlyMemory<byte>[buffersVector.Count];
        for (int i = 0; i < buffers.Length; i++)
            buffers[i] = ReadBuffer(fb, bytes, buffersVector.Table(i, $"buffer {i}"), i);

        // Only the main subgraph is read: the others hold control-flow bodies, which the engine does not run.
        var graphsVector = model.Vector(ModelSubGraphs, 4, "Model.subgraphs");
        if (graphsVector.Count == 0)
            throw fb.Error("the model has no subgraph");
        var main = ReadSubGraph(graphsVector.Table(0, "subgraph 0"), 0, codes, buffers.Length);
        return new TfLiteModel(name, version, main, graphsVector.Count, buffers, bytes.Length);
    }

    private static ReadOnlyMemory<byte> ReadBuffer(FlatBuffer fb, byte[] bytes, FlatTable table, int index)
    {
        var data = table.Vector(BufferData, 1, $"buffer {index} data");
        if (data.Count > 0)
            return bytes.AsMemory((int)data.Start, data.Count);
        // Large models keep buffer contents after the flatbuffer, addressed from the start of the file.
        ulong offset = table.U64(BufferOffset), size = table.U64(BufferSize);
        if (offset <= 1 || size == 0)
            return ReadOnlyMemory<byte>.Empty;
        if (offset > (ulong)bytes.Length || size > (ulong)bytes.Length - offset)
            throw fb.Error($"buffer {index}: offset {offset} + size {size} lies outside the {bytes.Length}-byte file");
        return bytes.AsMemory((int)offset, (int)size);
    }

    private static TfLiteSubGraph ReadSubGraph(FlatTable g, int graphIndex, (int Builtin, string? Custom)[] codes, int bufferCount)
    {
        string where = $"subgraph {graphIndex}";
        var fb = g.Buffer;
        var tensorsVector = g.Vector(GraphTensors, 4, where + " tensors");
        var tensors = new TfLiteTensor[tensorsVector.Count];
        for (int i = 0; i < tensors.Length; i++)
        {
            var t = tensorsVector.Table(i, $"{where} tensor {i}");
            if (t.Vector(TensorName, 1, $"{where} tensor {i} name").Count > MaxNameBytes)
                throw fb.Error($"{where} tensor {i}: name is longer than {MaxNameBytes} bytes");
            if (t.Vector(TensorShape, 4, $"{where} tensor {i} shape").Count > MaxRank)
                throw fb.Error($"{where} tensor {i}: rank is above {MaxRank}");
            string name = t.String(TensorName, $"{where} tensor {i} name");
            string label = $"{where} tensor {i} '{name}'";
            var shape = t.Ints(TensorShape, label + " shape");
            if (shape.Any(d => d < -1))
                throw fb.Error($"{label}: invalid shape [{string.Join(",", shape)}]");
            byte type = t.U8(TensorType);
            if (type > (byte)TfLiteTensorType.Float64)
                throw fb.Error($"{label}: unknown tensor type {type}");
            uint buffer = t.U32(TensorBuffer);
            if (buffer >= bufferCount && !(buffer == 0 && bufferCount == 0))
                throw fb.Error($"{label}: buffer index {buffer} is out of range ({bufferCount} buffers)");
            tensors[i] = new TfLiteTensor(name, shape, (TfLiteTensorType)type, (int)buffer);
        }

        var inputs = CheckedIndices(g.Ints(GraphInputs, where + " inputs"), tensors.Length, where + " inputs", fb, allowOmitted: false);
        var outputs = CheckedIndices(g.Ints(GraphOutputs, where + " outputs"), tensors.Length, where + " outputs", fb, allowOmitted: false);

        var opsVector = g.Vector(GraphOperators, 4, where + " operators");
        var ops = new TfLiteOperator[opsVector.Count];
        for (int i = 0; i < ops.Length; i++)
        {
            string label = $"{where} operator {i}";
            var op = opsVector.Table(i, label);
            uint codeIndex = op.U32(OpCodeIndex);
            if (codeIndex >= codes.Length)
                throw fb.Error($"{label}: opcode_index {codeIndex} is out of range ({codes.Length} operator codes)");
            var (builtin, custom) = codes[codeIndex];
            label += $" ({(custom is null ? TfLiteBuiltins.Name(builtin) : "CUSTOM '" + custom + "'")})";
            if (op.Vector(OpInputs, 4, label + " inputs").Count > MaxOperatorArity || op.Vector(OpOutputs, 4, label + " outputs").Count > MaxOperatorArity)
                throw fb.Error($"{label}: more than {MaxOperatorArity} inputs or outputs");
            var opInputs = CheckedIndices(op.Ints(OpInputs, label + " inputs"), tensors.Length, label + " inputs", fb, allowOmitted: true);
            var opOutputs = CheckedIndices(op.Ints(OpOutputs, label + " outputs"), tensors.Length, label + " outputs", fb, allowOmitted: false);
            byte optionsType = op.U8(OpOptionsType);
            var options = optionsType == 0 ? TfLiteOptions.None : new TfLiteOptions(op.Table(OpOptions, label + " builtin_options"));
            ops[i] = new TfLiteOperator(i, builtin, custom, opInputs, opOutputs, optionsType, options);
        }
        if (g.Vector(GraphName, 1, where + " name").Count > MaxNameBytes)
            throw fb.Error($"{where}: name is longer than {MaxNameBytes} bytes");
        return new TfLiteSubGraph(g.String(GraphName, where + " name"), tensors, inputs, outputs, ops);
    }

    private static int[] CheckedIndices(int[] indices, int tensorCount, string what, FlatBuffer fb, bool allowOmitted)
    {
        foreach (int i in indices)
            if (i >= tensorCount || i < (allowOmitted ? -1 : 0))
                throw fb.Error($"{what}: tensor index {i} is out of range ({tensorCount} tensors)");
        return indices;
    }

    private static string Printable(string s) => new(s.Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());
}
