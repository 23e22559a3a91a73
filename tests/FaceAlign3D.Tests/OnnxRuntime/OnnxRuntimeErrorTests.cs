using FaceAlign3D.OnnxRuntime;
using FaceAlign3D.Tests.Neural.TfLite;

namespace FaceAlign3D.Tests.OnnxRuntime;

/// <summary>Models ONNX Runtime cannot run are one-line errors that point at the built-in engine.</summary>
public sealed class OnnxRuntimeErrorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("facealign-ort-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_corrupt_model_file_is_a_one_line_error_advising_the_managed_engine()
    {
        string path = Path.Combine(_dir, "broken.onnx");
        var bytes = File.ReadAllBytes(SharedData.PathOf("models", "tddfa_v2", "mb05_120x120.onnx"));
        File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length / 3).ToArray());
        AssertOneLineAdvice(Assert.Throws<OnnxRuntimeBackendException>(() => OnnxRuntimeNetwork.Load(path)), "broken.onnx");
    }

    [Fact]
    public void A_tflite_model_is_a_one_line_error_advising_the_managed_engine()
    {
        string path = MediaPipeModelFiles.PathOf(MediaPipeModelFiles.FaceDetection);
        AssertOneLineAdvice(Assert.Throws<OnnxRuntimeBackendException>(() => OnnxRuntimeNetwork.Load(path)), MediaPipeModelFiles.FaceDetection);
    }

    [Fact]
    public void An_input_of_the_wrong_shape_is_a_one_line_error()
    {
        using var network = OnnxRuntimeNetwork.Load(SharedData.PathOf("models", "tddfa_v2", "mb05_120x120.onnx"));
        var e = Assert.Throws<OnnxRuntimeBackendException>(() => network.Function(new float[3 * 7 * 7], [1, 3, 7, 7]));
        AssertOneLineAdvice(e, "mb05_120x120.onnx");
    }

    [Fact]
    public void Cuda_on_a_cpu_build_names_the_way_to_a_cuda_build()
    {
        var e = Assert.Throws<OnnxRuntimeBackendException>(() => OnnxRuntimeNetwork.Load(
            SharedData.PathOf("models", "tddfa_v2", "mb05_120x120.onnx"), new OnnxRuntimeOptions { Device = OnnxRuntimeDevice.Cuda }));
        Assert.True(!e.Message.Contains('\n') && e.Message.Contains("FACEALIGN3D_ONNXRUNTIME_LIBRARY"), e.Message);
    }

    [Fact]
    public void A_missing_model_file_is_file_not_found()
    {
        Assert.Throws<FileNotFoundException>(() => OnnxRuntimeNetwork.Load(Path.Combine(_dir, "none.onnx")));
    }

    private static void AssertOneLineAdvice(OnnxRuntimeBackendException e, string file)
    {
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains(file, e.Message);
        Assert.EndsWith("(--engine managed)", e.Message);
    }
}
