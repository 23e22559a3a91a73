using FaceAlign3D.Formats;
using FaceAlign3D.Neural.Graph;

namespace FaceAlign3D.Neural.Formats.TfLite;

/// <summary>
/// Reads a float TFLite model into an NCHW <see cref="ModelGraph"/> the engine's planner runs with its NCHW
/// kernels. TFLite graphs are NHWC; the conversion happens once, here:
/// <list type="bullet">
/// <item>every rank-4 activation (inputs and outputs included) is held as NCHW, so an input of TFLite shape
/// [N,H,W,C] is declared [N,C,H,W] and an output [1,1,1,K] becomes [1,K,1,1];</item>
/// <item>convolution weights OHWI become OIHW, depthwise weights [1,H,W,C*M] become [C*M,1,H,W] with group C;</item>
/// <item>axes of concatenation, padding, slicing and softmax on rank-4 values are remapped, and constants
/// broadcast against rank-4 values are permuted;</item>
/// <item>RESHAPE and rank-changing STRIDED_SLICE see their input in TFLite order: a Transpose is inserted
/// only when NCHW and NHWC orders differ in memory (C &gt; 1 and H*W &gt; 1);</item>
/// <item>DEQUANTIZE of a float16 constant is evaluated at load time into a float32 constant.</item>
/// </list>
/// Unsupported operators, quantized tensors and inconsistent shapes raise <see cref="ModelFormatException"/>
/// naming the operator or tensor.
/// </summary>
internal static class TfLiteModelReader
{
    public static ModelGraph Read(string path) => Convert(TfLiteFile.Read(path));

    public static ModelGraph Read(byte[] bytes, string name) => Convert(TfLiteFile.Read(bytes, name));

    public static ModelGraph Read(Stream stream, string name)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Read(copy.ToArray(), name);
    }

    /// <summary>Converts the first subgraph of a parsed model.</summary>
    public static ModelGraph Convert(TfLiteModel model) => new TfLiteGraphConverter(model).Convert();
}
