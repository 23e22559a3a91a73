namespace FaceAlign3D.Neural.Graph;

/// <summary>
/// The memory layout of a graph's image-like (rank 4) activations. ONNX graphs are NCHW; TFLite graphs are
/// NHWC. Spatial operators read their layout from the graph, so a graph runs in its own layout without
/// inserted transposes.
/// </summary>
public enum TensorLayout
{
    Nchw,
    Nhwc,
}
