using System.Text.Json;
using FaceAlign3D.Evaluation.Datasets;

namespace FaceAlign3D.Training.Data;

/// <summary>The samples of a data set folder's annotations.json, as the crop and multi-view readers take them.</summary>
internal sealed class AnnotationsFile : IDisposable
{
    readonly JsonDocument _document;

    AnnotationsFile(string path, JsonDocument document, JsonElement samples)
    {
        Path = path;
        _document = document;
        Samples = samples;
    }

    public string Path { get; }

    public JsonElement Samples { get; }

    /// <exception cref="EvaluationDataException">the file is missing, not JSON or has no samples array (names it).</exception>
    public static AnnotationsFile Open(string folder)
    {
        string path = System.IO.Path.Combine(folder, "annotations.json");
        var document = JsonLandmarks.Parse(path);
        if (!document.RootElement.TryGetProperty("samples", out var samples) || samples.ValueKind != JsonValueKind.Array)
        {
            document.Dispose();
            throw new EvaluationDataException(path, "no samples array");
        }
        return new AnnotationsFile(path, document, samples);
    }

    /// <summary>A sample's "image" name, or "" when it has none.</summary>
    public static string Image(JsonElement sample) => Text(sample, "image");

    /// <summary>A string property of an object, or "" when it is absent or not a string.</summary>
    public static string Text(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    public void Dispose() => _document.Dispose();
}
