using System.Globalization;
using System.Text.Json;
using FaceAlign3D.Formats;

namespace FaceAlign3D.Morphable.IctFaceKit;

/// <summary>
/// Builds an <see cref="IctFaceModel"/> from the upstream ICT-FaceKit folder layout: generic_neutral_mesh.obj,
/// identity000.obj, identity001.obj, ... (full shapes), one OBJ per expression named as in vertex_indices.json,
/// and vertex_indices.json itself. Modes are stored as differences to the neutral mesh. Identity files are taken
/// in order until the first gap; expressions whose OBJ is absent are left out of the model.
/// </summary>
internal static class IctObjImporter
{
    public const string NeutralFile = "generic_neutral_mesh.obj";
    public const string IndicesFile = "vertex_indices.json";

    /// <exception cref="ModelFormatException">a required file is missing or malformed, or the meshes disagree.</exception>
    public static IctFaceModel ImportFolder(string folder)
    {
        string neutralPath = Path.Combine(folder, NeutralFile);
        string indicesPath = Path.Combine(folder, IndicesFile);
        var (neutral, faces) = ReadObj(neutralPath, withFaces: true);
        int stride = neutral.Length;

        string[] expressionNames;
        int[] landmarks;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(indicesPath));
            expressionNames = doc.RootElement.GetProperty("expressions").EnumerateArray().Select(e => e.GetString() ?? "").ToArray();
            landmarks = doc.RootElement.GetProperty("idx_to_landmark_verts").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException or UnauthorizedAccessException)
        {
            throw new ModelFormatException(indicesPath, "cannot read the upstream index file: " + e.Message, e);
        }

        var identityNames = new List<string>();
        var identityModes = new List<float[]>();
        for (int i = 0; ; i++)
        {
            string name = $"identity{i:D3}";
            string path = Path.Combine(folder, name + ".obj");
            if (!File.Exists(path))
                break;
            identityNames.Add(name);
            identityModes.Add(Difference(ReadObj(path, withFaces: false).Vertices, neutral, path));
        }
        var presentExpressions = new List<string>();
        var expressionModes = new List<float[]>();
        foreach (var name in expressionNames)
        {
            string path = Path.Combine(folder, name + ".obj");
            if (!File.Exists(path))
                continue;
            presentExpressions.Add(name);
            expressionModes.Add(Difference(ReadObj(path, withFaces: false).Vertices, neutral, path));
        }

        bool standardTopology = stride / 3 == IctFaceKitLayout.VertexCount;
        var regions = standardTopology ? IctFaceKitLayout.Regions : new Dictionary<string, VertexRange> { ["all"] = new(0, stride / 3 - 1) };
        var alternatives = new Dictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal);
        if (standardTopology)
        {
            alternatives["jawline_right_substitutes_0_7"] = IctFaceKitLayout.JawlineRightSubstitutes;
            alternatives["jawline_left_substitutes_9_16"] = IctFaceKitLayout.JawlineLeftSubstitutes;
            alternatives["jawline_right_extended"] = IctFaceKitLayout.JawlineRightExtended;
            alternatives["jawline_left_extended"] = IctFaceKitLayout.JawlineLeftExtended;
        }
        try
        {
            return new IctFaceModel(neutral, Concat(identityModes, stride), Concat(expressionModes, stride), faces,
                identityNames, presentExpressions, regions, landmarks, alternatives);
        }
        catch (ArgumentException e)
        {
            throw new ModelFormatException(folder, "inconsistent ICT-FaceKit folder: " + e.Message, e);
        }
    }

    private static float[] Concat(List<float[]> modes, int stride)
    {
        var all = new float[modes.Count * stride];
        for (int i = 0; i < modes.Count; i++)
            modes[i].CopyTo(all, i * stride);
        return all;
    }

    private static float[] Difference(float[] shape, float[] neutral, string path)
    {
        if (shape.Length != neutral.Length)
            throw new ModelFormatException(path, $"has {shape.Length / 3} vertices, the neutral mesh {neutral.Length / 3}");
        var d = new float[shape.Length];
        for (int i = 0; i < d.Length; i++)
            d[i] = shape[i] - neutral[i];
        return d;
    }

    /// <summary>Reads 'v x y z' and, when asked, 'f a/.. b/.. c/.. [d/..]' (1-based) lines into a (F, 4) table.</summary>
    private static (float[] Vertices, int[] Faces) ReadObj(string path, bool withFaces)
    {
        var vertices = new List<float>();
        var faces = new List<int>();
        int lineNumber = 0;
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                lineNumber++;
                if (line.StartsWith("v ", StringComparison.Ordinal))
                {
                    var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length < 4)
                        throw new ModelFormatException(path, $"line {lineNumber}: a vertex needs three coordinates");
                    for (int c = 1; c <= 3; c++)
                    {
                        float value = float.Parse(parts[c], NumberStyles.Float, CultureInfo.InvariantCulture);
                        if (!float.IsFinite(value))
                            throw new ModelFormatException(path, $"line {lineNumber}: non-finite coordinate");
                        vertices.Add(value);
                    }
                }
                else if (withFaces && line.StartsWith("f ", StringComparison.Ordinal))
                {
                    var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length is not (4 or 5))
                        throw new ModelFormatException(path, $"line {lineNumber}: only triangles and quads are supported");
                    for (int c = 1; c < parts.Length; c++)
                    {
                        int slash = parts[c].IndexOf('/');
                        int index = int.Parse(slash < 0 ? parts[c] : parts[c][..slash], CultureInfo.InvariantCulture);
                        if (index < 1)
                            throw new ModelFormatException(path, $"line {lineNumber}: vertex index {index} (only positive 1-based indices are supported)");
                        faces.Add(index - 1);
                    }
                    if (parts.Length == 4)
                        faces.Add(-1);
                }
            }
        }
        catch (Exception e) when (e is IOException or FormatException or OverflowException or UnauthorizedAccessException)
        {
            throw new ModelFormatException(path, $"line {lineNumber}: " + e.Message, e);
        }
        if (vertices.Count == 0)
            throw new ModelFormatException(path, "no vertices");
        return (vertices.ToArray(), faces.ToArray());
    }
}
