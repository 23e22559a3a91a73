namespace FaceAlign3D.Training.Networks;

/// <summary>
/// One exported layer after BatchNorm folding: a convolution (with ReLU), the fully connected 62-parameter
/// head, or the optional fully connected log-sigma head beside it (a second output over the same features).
/// Weights are in PyTorch's layout ([out, in/groups, k, k] or [out, in]).
/// </summary>
public sealed record FoldedLayer(FoldedLayerKind Kind, int[] WeightShape, float[] Weight, float[] Bias,
    int Stride = 1, int Padding = 0, int Groups = 1);

public enum FoldedLayerKind { ConvRelu, FullyConnected, SigmaHead }
