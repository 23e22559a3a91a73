using System.Buffers.Binary;
using FaceAlign3D.Formats;
using FaceAlign3D.Neural.Graph;

namespace FaceAlign3D.Neural.Formats.Onnx;

/// <summary>
/// Reads an ONNX model (protobuf ModelProto) into a <see cref="ModelGraph"/>. Only the fields inference needs
/// are decoded; unknown fields are skipped. Every length is checked against its enclosing message.
/// </summary>
internal static class OnnxModelReader
{
    // Field numbers from onnx.proto.
    private const int ModelGraphField = 7, ModelOpsetField = 8;
    private const int GraphNodeField = 1, GraphInitializerField = 5, GraphInputField = 11, GraphOutputField = 12;
    private const int NodeInputField = 1, NodeOutputField = 2, NodeNameField = 3, NodeOpTypeField = 4, NodeAttributeField = 5, NodeDomainField = 7;
    private const int AttrNameField = 1, AttrFloatField = 2, AttrIntField = 3, AttrStringField = 4, AttrTensorField = 5, AttrFloatsField = 7, AttrIntsField = 8;
    private const int TensorDimsField = 1, TensorDataTypeField = 2, TensorFloatDataField = 4, TensorInt32DataField = 5, TensorInt64DataField = 7,
        TensorNameField = 8, TensorRawDataField = 9, TensorDoubleDataField = 10, TensorUInt64DataField = 11, TensorDataLocationField = 14;

    /// <summary>Largest tensor accepted, in elements; guards against hostile dims.</summary>
    private const long MaxElements = 1L << 30;

    public static ModelGraph Read(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFormatException(path, "cannot read file: " + e.Message, e);
        }
        return Read(bytes, path);
    }

    public static ModelGraph Read(Stream stream, string name)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Read(copy.ToArray(), name);
    }

    public static ModelGraph Read(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.IsEmpty)
            throw new ModelFormatException(name, "empty model file");
        var reader = new ProtoReader(bytes, name, "ModelProto");
        int opset = -1;
        byte[]? graphBytes = null;
        while (reader.TryReadKey(out int field, out var wire))
        {
            if (field == ModelGraphField && wire == WireType.LengthDelimited)
                graphBytes = reader.ReadBytes().ToArray();
            else if (field == ModelOpsetField && wire == WireType.LengthDelimited)
            {
                var (domain, version) = ReadOpset(reader.ReadBytes(), name);
                if (domain is "" or "ai.onnx")
                    opset = version;
            }
            else
                reader.Skip(wire);
        }
        if (graphBytes is null)
            throw new ModelFormatException(name, "ModelProto has no graph");
        if (opset < 0)
            throw new ModelFormatException(name, "ModelProto has no opset_import for the default domain");
        return ReadGraph(graphBytes, name, opset);
    }

    private static (string Domain, int Version) ReadOpset(ReadOnlySpan<byte> bytes, string file)
    {
        var r = new ProtoReader(bytes, file, "opset_import");
        string domain = "";
        int version = -1;
        while (r.TryReadKey(out int field, out var wire))
        {
            if (field == 1 && wire == WireType.LengthDelimited) domain = r.ReadString();
            else if (field == 2 && wire == WireType.Varint) version = r.ReadInt32Checked("opset version");
            else r.Skip(wire);
        }
        return (domain, version);
    }

    private static ModelGraph ReadGraph(ReadOnlySpan<byte> bytes, string file, int opset)
    {
        var r = new ProtoReader(bytes, file, "GraphProto");
        var nodes = new List<GraphNode>();
        var constants = new Dictionary<string, ConstantTensor>();
        var inputs = new List<ValueInfo>();
        var outputs = new List<ValueInfo>();
        while (r.TryReadKey(out int field, out var wire))
        {
            if (wire != WireType.LengthDelimited) { r.Skip(wire); continue; }
            switch (field)
            {
                case GraphNodeField: nodes.Add(ReadNode(r.ReadBytes(), file, nodes.Count)); break;
                case GraphInitializerField:
                    var t = ReadTensor(r.ReadBytes(), file, $"initializer #{constants.Count}");
                    constants[t.Name] = t;
                    break;
                case GraphInputField: inputs.Add(ReadValueInfo(r.ReadBytes(), file, "graph input")); break;
                case GraphOutputField: outputs.Add(ReadValueInfo(r.ReadBytes(), file, "graph output")); break;
                default: r.Skip(wire); break;
            }
        }
        // Older exporters list initializers among the inputs; they are weights, not inputs.
        inputs.RemoveAll(i => constants.ContainsKey(i.Name));
        if (inputs.Count == 0)
            throw new ModelFormatException(file, "graph has no inputs");
        if (outputs.Count == 0)
            throw new ModelFormatException(file, "graph has no outputs");
        return new ModelGraph(file, TensorLayout.Nchw, opset, inputs, outputs, nodes, constants);
    }

    private static GraphNode ReadNode(ReadOnlySpan<byte> bytes, string file, int index)
    {
        var r = new ProtoReader(bytes, file, $"node #{index}");
        var inputs = new List<string>();
        var outputs = new List<string>();
        string name = "", opType = "", domain = "";
        var attributes = new Dictionary<string, AttributeValue>();
        var pending = new List<byte[]>();
        while (r.TryReadKey(out int field, out var wire))
        {
            if (wire != WireType.LengthDelimited) { r.Skip(wire); continue; }
            switch (field)
            {
                case NodeInputField: inputs.Add(r.ReadString()); break;
                case NodeOutputField: outputs.Add(r.ReadString()); break;
                case NodeNameField: name = r.ReadString(); break;
                case NodeOpTypeField: opType = r.ReadString(); break;
                case NodeDomainField: domain = r.ReadString(); break;
                case NodeAttributeField: pending.Add(r.ReadBytes().ToArray()); break;
                default: r.Skip(wire); break;
            }
        }
        string label = name.Length > 0 ? $"node '{name}' ({opType})" : $"node #{index} ({opType})";
        if (opType.Length == 0)
            throw new ModelFormatException(file, $"{label} has no op_type");
        if (domain is not ("" or "ai.onnx"))
            throw new ModelFormatException(file, $"{label}: operator domain '{domain}' is not supported");
        if (outputs.Count == 0)
            throw new ModelFormatException(file, $"{label} has no outputs");
        foreach (var a in pending)
        {
            var (attrName, value) = ReadAttribute(a, file, label);
            attributes[attrName] = value;
        }
        return new GraphNode(name, opType, [.. inputs], [.. outputs], new NodeAttributes(attributes));
    }

    private static (string Name, AttributeValue Value) ReadAttribute(ReadOnlySpan<byte> bytes, string file, string nodeLabel)
    {
        var r = new ProtoReader(bytes, file, $"{nodeLabel} attribute");
        string name = "";
        float f = 0;
        long i = 0;
        string? s = null;
        ConstantTensor? t = null;
        List<float>? floats = null;
        List<long>? ints = null;
        while (r.TryReadKey(out int field, out var wire))
        {
            switch (field)
            {
                case AttrNameField when wire == WireType.LengthDelimited: name = r.ReadString(); break;
                case AttrFloatField when wire == WireType.Fixed32: f = r.ReadFixed32Float(); break;
                case AttrIntField when wire == WireType.Varint: i = r.ReadInt64(); break;
                case AttrStringField when wire == WireType.LengthDelimited: s = r.ReadString(); break;
                case AttrTensorField when wire == WireType.LengthDelimited: t = ReadTensor(r.ReadBytes(), file, $"{nodeLabel} attribute tensor"); break;
                case AttrFloatsField: r.ReadRepeatedFloat(wire, floats ??= []); break;
                case AttrIntsField: r.ReadRepeatedInt64(wire, ints ??= []); break;
                default: r.Skip(wire); break;
            }
        }
        if (name.Length == 0)
            throw new ModelFormatException(file, $"{nodeLabel} has an attribute without a name");
        return (name, new AttributeValue { Float = f, Int = i, String = s, Tensor = t, Floats = floats?.ToArray(), Ints = ints?.ToArray() });
    }

    private static ValueInfo ReadValueInfo(ReadOnlySpan<byte> bytes, string file, string what)
    {
        var r = new ProtoReader(bytes, file, what);
        string name = "";
        var dims = new List<int>();
        var dimNames = new List<string?>();
        int elemType = 1;
        while (r.TryReadKey(out int field, out var wire))
        {
            if (field == 1 && wire == WireType.LengthDelimited) name = r.ReadString();
            else if (field == 2 && wire == WireType.LengthDelimited) ReadTypeProto(r.ReadBytes(), file, what, dims, dimNames, ref elemType);
            else r.Skip(wire);
        }
        if (name.Length == 0)
            throw new ModelFormatException(file, $"{what} without a name");
        return new ValueInfo(name, [.. dims], [.. dimNames], elemType is 1 or 10 or 11);
    }

    private static void ReadTypeProto(ReadOnlySpan<byte> bytes, string file, string what, List<int> dims, List<string?> dimNames, ref int elemType)
    {
        var r = new ProtoReader(bytes, file, $"{what} type");
        while (r.TryReadKey(out int field, out var wire))
        {
            if (field != 1 || wire != WireType.LengthDelimited) { r.Skip(wire); continue; }
            var tensorType = new ProtoReader(r.ReadBytes(), file, $"{what} tensor type");
            while (tensorType.TryReadKey(out int tf, out var tw))
            {
                if (tf == 1 && tw == WireType.Varint) elemType = tensorType.ReadInt32Checked("elem_type");
                else if (tf == 2 && tw == WireType.LengthDelimited)
                {
                    var shape = new ProtoReader(tensorType.ReadBytes(), file, $"{what} shape");
                    while (shape.TryReadKey(out int sf, out var sw))
                    {
                        if (sf != 1 || sw != WireType.LengthDelimited) { shape.Skip(sw); continue; }
                        var dim = new ProtoReader(shape.ReadBytes(), file, $"{what} dim");
                        int value = -1;
                        string? param = null;
                        while (dim.TryReadKey(out int df, out var dw))
                        {
                            if (df == 1 && dw == WireType.Varint)
                            {
                                long v = dim.ReadInt64();
                                value = v is >= 0 and <= int.MaxValue ? (int)v : throw dim.Fail($"dimension {v} out of range");
                            }
                            else if (df == 2 && dw == WireType.LengthDelimited) param = dim.ReadString();
                            else dim.Skip(dw);
                        }
                        dims.Add(value);
                        dimNames.Add(param);
                    }
                }
                else tensorType.Skip(tw);
            }
        }
    }

    /// <summary>ONNX TensorProto.DataType values the engine accepts, with their byte size in raw_data.</summary>
    private static int RawSize(int dataType) => dataType switch
    {
        1 or 6 or 12 => 4,       // float, int32, uint32
        2 or 3 or 9 => 1,        // uint8, int8, bool
        4 or 5 or 10 => 2,       // uint16, int16, float16
        7 or 11 or 13 => 8,      // int64, double, uint64
        _ => 0,
    };

    private static bool IsFloatType(int dataType) => dataType is 1 or 10 or 11;

    private static ConstantTensor ReadTensor(ReadOnlySpan<byte> bytes, string file, string what)
    {
        var r = new ProtoReader(bytes, file, what);
        var dims = new List<long>();
        int dataType = 0;
        string name = "";
        ReadOnlySpan<byte> raw = default;
        bool hasRaw = false;
        var floatData = new List<float>();
        var int64Data = new List<long>();
        var int32Data = new List<long>();
        var doubleData = new List<double>();
        while (r.TryReadKey(out int field, out var wire))
        {
            switch (field)
            {
                case TensorDimsField: r.ReadRepeatedInt64(wire, dims); break;
                case TensorDataTypeField when wire == WireType.Varint: dataType = r.ReadInt32Checked("data_type"); break;
                case TensorFloatDataField: r.ReadRepeatedFloat(wire, floatData); break;
                case TensorInt32DataField: r.ReadRepeatedInt64(wire, int32Data); break;
                case TensorInt64DataField: r.ReadRepeatedInt64(wire, int64Data); break;
                case TensorUInt64DataField: r.ReadRepeatedInt64(wire, int64Data); break;
                case TensorDoubleDataField: r.ReadRepeatedDouble(wire, doubleData); break;
                case TensorNameField when wire == WireType.LengthDelimited: name = r.ReadString(); break;
                case TensorRawDataField when wire == WireType.LengthDelimited: raw = r.ReadBytes(); hasRaw = true; break;
                case TensorDataLocationField when wire == WireType.Varint:
                    if (r.ReadInt64() != 0)
                        throw new ModelFormatException(file, $"tensor '{name}' ({what}) uses external data, which is not supported");
                    break;
                default: r.Skip(wire); break;
            }
        }
        string label = name.Length > 0 ? $"tensor '{name}'" : what;
        int size = RawSize(dataType);
        if (size == 0)
            throw new ModelFormatException(file, $"{label} has unsupported data type {dataType}");
        var shape = new int[dims.Count];
        long count = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (dims[i] < 0 || dims[i] > MaxElements)
                throw new ModelFormatException(file, $"{label} has invalid dimension {dims[i]}");
            shape[i] = (int)dims[i];
            count *= dims[i];
            if (count > MaxElements)
                throw new ModelFormatException(file, $"{label} is too large ({string.Join("x", dims)})");
        }
        bool isFloat = IsFloatType(dataType);
        if (hasRaw)
        {
            if (raw.Length != count * size)
                throw new ModelFormatException(file, $"{label} has {raw.Length} bytes of raw data for {count} elements of {size} bytes");
            return isFloat
                ? ConstantTensor.OfFloats(name, shape, DecodeRawFloats(raw, dataType, (int)count))
                : ConstantTensor.OfLongs(name, shape, DecodeRawLongs(raw, dataType, (int)count));
        }
        int available = dataType switch
        {
            1 => floatData.Count,
            11 => doubleData.Count,
            7 or 13 => int64Data.Count,
            12 => int64Data.Count,
            _ => int32Data.Count,
        };
        if (available != count)
            throw new ModelFormatException(file, $"{label} has {available} stored values for {count} elements");
        return dataType switch
        {
            1 => ConstantTensor.OfFloats(name, shape, [.. floatData]),
            11 => ConstantTensor.OfFloats(name, shape, doubleData.Select(d => (float)d).ToArray()),
            10 => ConstantTensor.OfFloats(name, shape, int32Data.Select(h => (float)BitConverter.UInt16BitsToHalf((ushort)h)).ToArray()),
            7 or 13 or 12 => ConstantTensor.OfLongs(name, shape, [.. int64Data]),
            _ => ConstantTensor.OfLongs(name, shape, [.. int32Data]),
        };
    }

    private static float[] DecodeRawFloats(ReadOnlySpan<byte> raw, int dataType, int count)
    {
        var result = new float[count];
        for (int i = 0; i < count; i++)
            result[i] = dataType switch
            {
                1 => BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(i * 4)),
                10 => (float)BinaryPrimitives.ReadHalfLittleEndian(raw.Slice(i * 2)),
                _ => (float)BinaryPrimitives.ReadDoubleLittleEndian(raw.Slice(i * 8)),
            };
        return result;
    }

    private static long[] DecodeRawLongs(ReadOnlySpan<byte> raw, int dataType, int count)
    {
        var result = new long[count];
        for (int i = 0; i < count; i++)
            result[i] = dataType switch
            {
                2 or 9 => raw[i],
                3 => (sbyte)raw[i],
                4 => BinaryPrimitives.ReadUInt16LittleEndian(raw.Slice(i * 2)),
                5 => BinaryPrimitives.ReadInt16LittleEndian(raw.Slice(i * 2)),
                6 => BinaryPrimitives.ReadInt32LittleEndian(raw.Slice(i * 4)),
                12 => BinaryPrimitives.ReadUInt32LittleEndian(raw.Slice(i * 4)),
                _ => BinaryPrimitives.ReadInt64LittleEndian(raw.Slice(i * 8)),
            };
        return result;
    }
}
