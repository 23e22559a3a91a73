using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace FaceAlign3D.OnnxRuntime;

/// <summary>
/// Lets <c>FACEALIGN3D_ONNXRUNTIME_LIBRARY</c> name the native ONNX Runtime library to load (a CUDA build, say)
/// instead of the CPU one the package ships. Applied once per process, before the first ONNX Runtime call.
/// </summary>
internal static class NativeLibraryOverride
{
    public const string Variable = "FACEALIGN3D_ONNXRUNTIME_LIBRARY";

    private static readonly Lazy<bool> Applied = new(Apply);

    public static void EnsureApplied() => _ = Applied.Value;

    private static bool Apply()
    {
        string? path = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(path))
            return false;
        OrtEnv.DisableDllImportResolver = true;
        NativeLibrary.SetDllImportResolver(typeof(OrtEnv).Assembly, (name, _, _) =>
            name == "onnxruntime" ? NativeLibrary.Load(path) : IntPtr.Zero);
        return true;
    }
}
