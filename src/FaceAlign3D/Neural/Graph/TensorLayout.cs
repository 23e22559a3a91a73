namespace FaceAlign3D.Neural.Graph;

/// <summary>
/// The memory layout of a graph's image-like (rank 4) activations. ONNX graphs are NCHW. TFLite graphs are
/// NHWC in the file; <see cref="Formats.TfLite.TfLiteModelReader"/> converts them to NCHW at load time (weights
/// permuted, axes remapped), so every graph the readers produce is NCHW, takes NCHW inputs and gives rank-4
/// outputs in NCHW. Spatial operators read their layout from the graph and reject one they do not implement.
/// </summary>
internal enum TensorLayout
{
    Nchw,
    Nhwc,
}
