using System.Text.Json;
using FaceAlign3D.Morphable;
using FaceAlign3D.Tests;

namespace FaceAlign3D.Training.Tests.Losses;

/// <summary>3DDFA's own WPDC/VDC on a fixed batch (../shared/reference/training/losses.json) and the BFM they used.</summary>
internal static class LossReference
{
    static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(SharedData.PathOf("reference", "training", "losses.json"))));
    static readonly Lazy<Bfm3ddfa> Bfm = new(() => Bfm3ddfa.Load(SharedData.PathOf("models", "tddfa_v2", "bfm_3ddfa_v2.safetensors")));

    public static Bfm3ddfa Model => Bfm.Value;

    public static double[,] Input => Matrix(Document.Value.RootElement.GetProperty("input_normalised"));
    public static double[,] Target => Matrix(Document.Value.RootElement.GetProperty("target_normalised"));

    public static double Value(string loss) => Document.Value.RootElement.GetProperty("losses").GetProperty(loss).GetProperty("value").GetDouble();
    public static double[,] Gradient(string loss) => Matrix(Document.Value.RootElement.GetProperty("losses").GetProperty(loss).GetProperty("grad_input"));

    static double[,] Matrix(JsonElement rows)
    {
        var list = rows.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var result = new double[list.Length, list[0].Length];
        for (int i = 0; i < list.Length; i++)
            for (int j = 0; j < list[i].Length; j++) result[i, j] = list[i][j];
        return result;
    }
}
