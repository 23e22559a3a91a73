using System.Runtime.InteropServices;
using FaceAlign3D.Training.Networks;

namespace FaceAlign3D.Training.Export;

/// <summary>
/// Writes a regressor's folded layers as an ONNX model with mb05_120x120.onnx's graph and contract:
/// input "input" [1,3,120,120] float, a Conv+Relu chain, GlobalAveragePool, Reshape to [1,-1], Gemm
/// (transB=1) to output "output" [1,62]. Only the initializers differ between exports. A network with the
/// uncertainty head adds a second Gemm over the same pooled features, output "log_sigma" [1,68] (log of each
/// landmark's sigma in crop pixels / 120); engines that read only the first output see mb05's contract.
/// </summary>
public static class RegressorOnnxWriter
{
    const long IrVersion = 7;
    const long Opset = 13;
    const int FloatType = 1, Int64Type = 7;
    const int AttributeFloat = 1, AttributeInt = 2, AttributeInts = 7;

    // onnx.proto field numbers.
    const int ModelIrVersion = 1, ModelProducerName = 2, ModelProducerVersion = 3, ModelGraph = 7, ModelOpsetImport = 8;
    const int GraphNode = 1, GraphName = 2, GraphInitializer = 5, GraphInput = 11, GraphOutput = 12;
    const int NodeInput = 1, NodeOutput = 2, NodeName = 3, NodeOpType = 4, NodeAttribute = 5;
    const int AttrName = 1, AttrFloat = 2, AttrInt = 3, AttrInts = 8, AttrType = 20;
    const int TensorDims = 1, TensorDataType = 2, TensorName = 8, TensorRawData = 9;

    public const string InputName = "input";
    public const string OutputName = "output";
    public const string SigmaOutputName = "log_sigma";

    /// <summary>Writes to <paramref name="path"/> through a temporary file and a rename.</summary>
    public static void Write(IReadOnlyList<FoldedLayer> layers, string path)
    {
        string temp = path + ".tmp";
        File.WriteAllBytes(temp, Serialize(layers));
        File.Move(temp, path, overwrite: true);
    }

    public static byte[] Serialize(IReadOnlyList<FoldedLayer> layers)
    {
        var sigma = layers.Count > 0 && layers[^1].Kind == FoldedLayerKind.SigmaHead ? layers[^1] : null;
        if (sigma is not null) layers = layers.Take(layers.Count - 1).ToArray();
        if (layers.Count < 2 || layers[^1].Kind != FoldedLayerKind.FullyConnected || layers.Take(layers.Count - 1).Any(l => l.Kind != FoldedLayerKind.ConvRelu))
            throw new ArgumentException("expected convolution layers followed by one fully connected head (and optionally the sigma head)", nameof(layers));
        var graph = new ProtoWriter().String(GraphName, "regressor");
        string current = InputName;
        int node = 0;
        for (int i = 0; i < layers.Count - 1; i++)
        {
            var layer = layers[i];
            string weight = $"conv{i}.weight", bias = $"conv{i}.bias", convOut = $"conv{i}.out", reluOut = $"relu{i}.out";
            graph.Message(GraphInitializer, FloatTensor(weight, layer.WeightShape, layer.Weight));
            graph.Message(GraphInitializer, FloatTensor(bias, [layer.Bias.Length], layer.Bias));
            int kernel = layer.WeightShape[2];
            graph.Message(GraphNode, Node($"Conv_{node++}", "Conv", [current, weight, bias], [convOut],
                Ints("dilations", 1, 1), Int("group", layer.Groups), Ints("kernel_shape", kernel, kernel),
                Ints("pads", layer.Padding, layer.Padding, layer.Padding, layer.Padding), Ints("strides", layer.Stride, layer.Stride)));
            graph.Message(GraphNode, Node($"Relu_{node++}", "Relu", [convOut], [reluOut]));
            current = reluOut;
        }
        var head = layers[^1];
        graph.Message(GraphNode, Node($"GlobalAveragePool_{node++}", "GlobalAveragePool", [current], ["pooled"]));
        graph.Message(GraphInitializer, new ProtoWriter().PackedVarints(TensorDims, [2]).Varint(TensorDataType, Int64Type)
            .String(TensorName, "flatten_shape").Bytes(TensorRawData, MemoryMarshal.AsBytes<long>([1L, -1L])));
        graph.Message(GraphNode, Node($"Reshape_{node++}", "Reshape", ["pooled", "flatten_shape"], ["features"]));
        graph.Message(GraphInitializer, FloatTensor("fc.weight", head.WeightShape, head.Weight));
        graph.Message(GraphInitializer, FloatTensor("fc.bias", [head.Bias.Length], head.Bias));
        graph.Message(GraphNode, Node($"Gemm_{node++}", "Gemm", ["features", "fc.weight", "fc.bias"], [OutputName],
            Float("alpha", 1), Float("beta", 1), Int("transB", 1)));
        graph.Message(GraphInput, ValueInfo(InputName, [1, 3, 120, 120]));
        graph.Message(GraphOutput, ValueInfo(OutputName, [1, head.WeightShape[0]]));
        if (sigma is not null)
        {
            graph.Message(GraphInitializer, FloatTensor("fc_sigma.weight", sigma.WeightShape, sigma.Weight));
            graph.Message(GraphInitializer, FloatTensor("fc_sigma.bias", [sigma.Bias.Length], sigma.Bias));
            graph.Message(GraphNode, Node($"Gemm_{node}", "Gemm", ["features", "fc_sigma.weight", "fc_sigma.bias"], [SigmaOutputName],
                Float("alpha", 1), Float("beta", 1), Int("transB", 1)));
            graph.Message(GraphOutput, ValueInfo(SigmaOutputName, [1, sigma.WeightShape[0]]));
        }

        return new ProtoWriter()
            .Varint(ModelIrVersion, IrVersion)
            .String(ModelProducerName, "FaceAlign3D")
            .String(ModelProducerVersion, typeof(RegressorOnnxWriter).Assembly.GetName().Version?.ToString() ?? "0")
            .Message(ModelGraph, graph)
            .Message(ModelOpsetImport, new ProtoWriter().String(1, "").Varint(2, Opset))
            .ToArray();
    }

    static ProtoWriter Node(string name, string op, string[] inputs, string[] outputs, params ProtoWriter[] attributes)
    {
        var node = new ProtoWriter();
        foreach (var i in inputs) node.String(NodeInput, i);
        foreach (var o in outputs) node.String(NodeOutput, o);
        node.String(NodeName, name).String(NodeOpType, op);
        foreach (var a in attributes) node.Message(NodeAttribute, a);
        return node;
    }

    static ProtoWriter Ints(string name, params long[] values) =>
        new ProtoWriter().String(AttrName, name).PackedVarints(AttrInts, values).Varint(AttrType, AttributeInts);

    static ProtoWriter Int(string name, long value) => new ProtoWriter().String(AttrName, name).Varint(AttrInt, value).Varint(AttrType, AttributeInt);

    static ProtoWriter Float(string name, float value) => new ProtoWriter().String(AttrName, name).Float(AttrFloat, value).Varint(AttrType, AttributeFloat);

    static ProtoWriter FloatTensor(string name, int[] shape, float[] data) =>
        new ProtoWriter().PackedVarints(TensorDims, shape.Select(d => (long)d)).Varint(TensorDataType, FloatType)
            .String(TensorName, name).Bytes(TensorRawData, MemoryMarshal.AsBytes(data.AsSpan()));

    static ProtoWriter ValueInfo(string name, long[] shape)
    {
        var dims = new ProtoWriter();
        foreach (long d in shape) dims.Message(1, new ProtoWriter().Varint(1, d));
        var tensorType = new ProtoWriter().Varint(1, FloatType).Message(2, dims);
        return new ProtoWriter().String(1, name).Message(2, new ProtoWriter().Message(1, tensorType));
    }
}
