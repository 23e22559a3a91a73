namespace FaceAlign3D.Training.Networks;

/// <summary>
/// One exported layer after BatchNorm folding: a convolution (with ReLU) or the final fully connected
/// head. Weights are in PyTorch's layout ([out, in/groups, k, k] or [out, in]).
/// </summary>
public sealed record FoldedLayer(FoldedLayerKind Kind, int[] WeightShape, float[] Weight, float[] Bias,
    int Stride = 1, int Padding = 0, int Groups = 1);

public enum FoldedLayerKind { ConvRelu, FullyConnected }
