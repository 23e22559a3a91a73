using System.Text.Unicode;
using System.Text.Json;
using FaceAlign3D.Evaluation.Metrics;

namespace FaceAlign3D.Evaluation.Datasets;

/// <summary>Tolerant readers for landmark-shaped JSON values; they report what is wrong instead of throwing.</summary>
internal static class JsonLandmarks
{
    /// <summary>Reads [[x, y(, z)], ...] with finite numbers and rows of one length.</summary>
    public static bool TryReadRows(JsonElement value, out LandmarkSet? landmarks, out string problem)
    {
        landmarks = null;
        problem = "";
        if (value.ValueKind != JsonValueKind.Array)
        {
            problem = $"landmarks are a JSON {value.ValueKind}, not an array of points";
            return false;
        }
        int count = value.GetArrayLength();
        if (count == 0)
        {
            problem = "the landmark list is empty";
            return false;
        }
        int dimension = -1;
        double[]? flat = null;
        int i = 0;
        foreach (var row in value.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array)
            {
                problem = $"landmark {i} is not an array";
                return false;
            }
            int length = row.GetArrayLength();
            if (dimension < 0)
            {
                if (length is not (2 or 3))
                {
                    problem = $"landmark 0 has {length} coordinates (2 or 3 expected)";
                    return false;
                }
                dimension = length;
                flat = new double[count * dimension];
            }
            else if (length != dimension)
            {
                problem = $"landmark {i} has {length} coordinates, landmark 0 has {dimension}";
                return false;
            }
            int a = 0;
            foreach (var c in row.EnumerateArray())
            {
                if (!TryReadFinite(c, out double v))
                {
                    problem = $"coordinate {a} of landmark {i} is not a finite number";
                    return false;
                }
                flat![i * dimension + a++] = v;
            }
            i++;
        }
        landmarks = new LandmarkSet(flat!, dimension);
        return true;
    }

    /// <summary>Reads a fixed-length array of finite numbers.</summary>
    public static bool TryReadNumbers(JsonElement value, int expected, out double[] numbers)
    {
        numbers = [];
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != expected) return false;
        var result = new double[expected];
        int i = 0;
        foreach (var c in value.EnumerateArray())
            if (!TryReadFinite(c, out result[i++])) return false;
        numbers = result;
        return true;
    }

    public static bool TryReadFinite(JsonElement value, out double number)
    {
        number = 0;
        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out number) && double.IsFinite(number);
    }

    /// <summary>Reads a JSON integer; false (not an exception) for strings, null and other kinds.</summary>
    public static bool TryReadInt64(JsonElement value, out long number)
    {
        number = 0;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out number);
    }

    /// <summary>The integer property <paramref name="name"/> of <paramref name="owner"/>, or <paramref name="fallback"/> when absent or not an int.</summary>
    public static int Int32OrDefault(JsonElement owner, string name, int fallback) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number) ? number : fallback;

    /// <summary>The bytes of a JSON file; a missing or unreadable file is an <see cref="EvaluationDataException"/>.</summary>
    public static byte[] ReadFile(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException e) { throw new EvaluationDataException(path, "file not found", e); }
        catch (DirectoryNotFoundException e) { throw new EvaluationDataException(path, "folder not found", e); }
        catch (IOException e) { throw new EvaluationDataException(path, $"cannot be read ({e.Message})", e); }
        catch (UnauthorizedAccessException e) { throw new EvaluationDataException(path, "access denied", e); }
    }

    public static JsonDocument Parse(string path) => Parse(ReadFile(path), path);

    /// <summary>Parses the bytes of a JSON file; <paramref name="source"/> names it in errors.</summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> json, string source)
    {
        // The JSON reader accepts invalid UTF-8 inside strings and only fails when a string is read, so check it once here.
        if (!Utf8.IsValid(json.Span))
            throw new EvaluationDataException(source, "not valid UTF-8 text");
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e) { throw new EvaluationDataException(source, $"not valid JSON ({e.Message})", e); }
    }
}
