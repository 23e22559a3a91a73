using System.Text.Json;
using FaceAlign3D.Formats;

namespace FaceAlign3D.Morphable.IctFaceKit;

/// <summary>
/// Loads the converted ICT Face Model: a safetensors file (neutral, identity_modes, expression_modes, face_vertices)
/// plus its .json (identity/expression names, regions, 68 landmark vertices, jawline alternatives).
/// </summary>
internal static class IctFaceModelReader
{
    private static readonly string[] AlternativeNames =
        ["jawline_right_substitutes_0_7", "jawline_left_substitutes_9_16", "jawline_right_extended", "jawline_left_extended"];

    /// <summary>Loads the model; the .json defaults to the safetensors path with a .json extension.</summary>
    /// <exception cref="ModelFormatException">a file is missing, malformed or inconsistent.</exception>
    public static IctFaceModel Load(string safetensorsPath, string? jsonPath = null)
    {
        jsonPath ??= Path.ChangeExtension(safetensorsPath, ".json");
        var tensors = SafetensorsFile.Open(safetensorsPath);
        float[] neutral = Read(tensors, "neutral", safetensorsPath, out var neutralShape);
        if (neutralShape.Length != 2 || neutralShape[1] != 3)
            throw new ModelFormatException(safetensorsPath, "'neutral' must be (V, 3)");
        int vertices = neutralShape[0];
        float[] identity = Read(tensors, "identity_modes", safetensorsPath, out var idShape);
        float[] expression = Read(tensors, "expression_modes", safetensorsPath, out var exShape);
        if (idShape.Length != 3 || idShape[1] != vertices || idShape[2] != 3)
            throw new ModelFormatException(safetensorsPath, $"'identity_modes' must be (N, {vertices}, 3)");
        if (exShape.Length != 3 || exShape[1] != vertices || exShape[2] != 3)
            throw new ModelFormatException(safetensorsPath, $"'expression_modes' must be (N, {vertices}, 3)");
        if (!tensors.Contains("face_vertices"))
            throw new ModelFormatException(safetensorsPath, "no tensor named 'face_vertices'");
        var faces = tensors.ReadInt32("face_vertices");
        if (faces.Shape.Length != 2 || faces.Shape[1] != 4)
            throw new ModelFormatException(safetensorsPath, "'face_vertices' must be (F, 4)");

        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllBytes(jsonPath)); }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new ModelFormatException(jsonPath, "cannot read the model description: " + e.Message, e);
        }
        using (doc)
        {
            try
            {
                var root = doc.RootElement;
                var identityNames = Strings(root.GetProperty("identity_names"));
                var expressionNames = Strings(root.GetProperty("expression_names"));
                if (identityNames.Length != idShape[0] || expressionNames.Length != exShape[0])
                    throw new ModelFormatException(jsonPath, $"{identityNames.Length} identity / {expressionNames.Length} expression names for {idShape[0]} / {exShape[0]} modes");
                var regions = new Dictionary<string, VertexRange>(StringComparer.Ordinal);
                foreach (var r in root.GetProperty("regions").EnumerateObject())
                {
                    var pair = Ints(r.Value);
                    if (pair.Length != 2)
                        throw new ModelFormatException(jsonPath, $"region '{r.Name}' must be [first, last]");
                    regions[r.Name] = new VertexRange(pair[0], pair[1]);
                }
                var landmarks = Ints(root.GetProperty("landmarks_multipie68"));
                var alternatives = new Dictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal);
                foreach (var name in AlternativeNames)
                    if (root.TryGetProperty(name, out var list))
                        alternatives[name] = Ints(list);
                return new IctFaceModel(neutral, identity, expression, faces.Data, identityNames, expressionNames, regions, landmarks, alternatives);
            }
            catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
            {
                throw new ModelFormatException(jsonPath, "inconsistent model description: " + e.Message, e);
            }
        }
    }

    private static float[] Read(SafetensorsFile file, string name, string path, out int[] shape)
    {
        if (!file.Contains(name))
            throw new ModelFormatException(path, $"no tensor named '{name}'");
        var a = file.ReadFloat(name);
        shape = a.Shape;
        return a.Data;
    }

    private static string[] Strings(JsonElement e) => e.EnumerateArray().Select(x => x.GetString() ?? throw new FormatException("null name")).ToArray();

    private static int[] Ints(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();
}
