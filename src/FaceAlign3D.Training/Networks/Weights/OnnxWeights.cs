using FaceAlign3D.Formats;
using FaceAlign3D.Neural.Formats.Onnx;
using FaceAlign3D.Neural.Graph;
using FaceAlign3D.Training.Export;

namespace FaceAlign3D.Training.Networks.Weights;

/// <summary>
/// Reads the folded layers of a 62-parameter regressor exported to ONNX (Conv+Relu chain, pooling,
/// Gemm, and our exports' optional log-sigma Gemm), such as mb05_120x120.onnx or our own exports, so that
/// training can start from them.
/// </summary>
public static class OnnxWeights
{
    public static MobileNetV1 LoadMobileNetV1(string path, RegressorHeads heads)
    {
        var layers = ReadFoldedLayers(OnnxModelReader.Read(path));
        if (layers.Count == 0 || layers[0].Kind != FoldedLayerKind.ConvRelu)
            throw new ModelFormatException(path, "the graph does not start with a convolution");
        var network = new MobileNetV1(MobileNetV1.WidthForStem(layers[0].WeightShape[0]), heads);
        try { network.LoadFolded(layers); }
        catch (ArgumentException e) { throw new ModelFormatException(path, e.Message, e); }
        return network;
    }

    internal static IReadOnlyList<FoldedLayer> ReadFoldedLayers(ModelGraph graph)
    {
        var layers = new List<FoldedLayer>();
        foreach (var node in graph.Nodes)
        {
            if (node.OpType == "Conv")
            {
                var weight = Constant(graph, node, 1);
                int outputs = weight.Shape[0];
                float[] bias = node.Inputs.Length > 2 && node.Inputs[2].Length > 0 ? Constant(graph, node, 2).AsFloats() : new float[outputs];
                long[] strides = node.Attributes.GetInts("strides") ?? [1, 1];
                long[] pads = node.Attributes.GetInts("pads") ?? [0, 0, 0, 0];
                layers.Add(new FoldedLayer(FoldedLayerKind.ConvRelu, weight.Shape, weight.AsFloats(), bias,
                    (int)strides[0], (int)pads[0], (int)node.Attributes.GetInt("group", 1)));
            }
            else if (node.OpType == "Gemm")
            {
                if (node.Attributes.GetInt("transB", 0) != 1)
                    throw new ModelFormatException(graph.Source, $"{node.Label}: expected transB=1 (PyTorch Linear layout)");
                var weight = Constant(graph, node, 1);
                var kind = node.Outputs.Contains(RegressorOnnxWriter.SigmaOutputName) ? FoldedLayerKind.SigmaHead : FoldedLayerKind.FullyConnected;
                layers.Add(new FoldedLayer(kind, weight.Shape, weight.AsFloats(), Constant(graph, node, 2).AsFloats()));
            }
        }
        return layers;
    }

    static ConstantTensor Constant(ModelGraph graph, GraphNode node, int input) =>
        node.Inputs.Length > input && graph.Constants.TryGetValue(node.Inputs[input], out var t)
            ? t
            : throw new ModelFormatException(graph.Source, $"{node.Label}: input {input} is not an initializer");
}
