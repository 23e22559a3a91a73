using FaceAlign3D.Formats;
using FaceAlign3D.Tests;

namespace FaceAlign3D.Training.Tests.Networks;

/// <summary>The six ONNX Runtime reference cases of mb05_120x120 (input crops and 62-param outputs).</summary>
internal static class Mb05Reference
{
    public static readonly string[] Cases =
        ["32bit_face0", "JianzhuGuo_face0", "couple_face0", "emma_face0", "img11_reflection_face0", "obama_partial_face_face0"];

    public static string Safetensors => SharedData.PathOf("models", "tddfa_v2", "mb05_120x120.safetensors");
    public static string Onnx => SharedData.PathOf("models", "tddfa_v2", "mb05_120x120.onnx");

    public static DenseArray<float> Input(string name) => NpyReader.ReadFloat(Path(name, "input"));
    public static DenseArray<float> Output(string name) => NpyReader.ReadFloat(Path(name, "output0"));

    static string Path(string name, string kind) => SharedData.PathOf("reference", "onnx", "mb05_120x120", $"{name}.{kind}.npy");
}
