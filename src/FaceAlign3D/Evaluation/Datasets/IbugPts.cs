using System.Globalization;
using System.Text;
using FaceAlign3D.Evaluation.Metrics;

namespace FaceAlign3D.Evaluation.Datasets;

/// <summary>
/// The iBUG / 300-W .pts landmark format: "version: 1", "n_points: N", "{", N lines "x y", "}".
/// The files use the Matlab convention (top-left pixel centre at 1, 1); by default the reader
/// subtracts 1 and the writer adds 1 so that in memory (0, 0) is the top-left pixel centre.
/// </summary>
internal static class IbugPts
{
    private const int MaxPoints = 100_000;

    public static LandmarkSet Read(string path, bool oneBased = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) throw new EvaluationDataException(path, "file not found");
            if (info.Length > 16 * 1024 * 1024) throw new EvaluationDataException(path, $"{info.Length} bytes is too large for a .pts file");
            text = File.ReadAllText(path);
        }
        catch (IOException e) { throw new EvaluationDataException(path, $"cannot be read ({e.Message})", e); }
        catch (UnauthorizedAccessException e) { throw new EvaluationDataException(path, "access denied", e); }
        return Parse(text, path, oneBased);
    }

    /// <param name="text">The file content.</param>
    /// <param name="name">Used in error messages.</param>
    /// <param name="oneBased">Subtract 1 from each coordinate (the iBUG convention).</param>
    public static LandmarkSet Parse(string text, string name, bool oneBased = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n').Select(l => l.Trim()).ToList();
        int line = 0;
        int? declared = null;
        // Header: "key: value" lines up to "{"; only n_points matters.
        while (line < lines.Count && lines[line] != "{")
        {
            var header = lines[line];
            int colon = header.IndexOf(':');
            if (colon > 0 && header[..colon].Trim().Equals("n_points", StringComparison.OrdinalIgnoreCase))
            {
                if (!int.TryParse(header[(colon + 1)..].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n <= 0 || n > MaxPoints)
                    throw new EvaluationDataException(name, $"line {line + 1}: bad n_points \"{header[(colon + 1)..].Trim()}\"");
                declared = n;
            }
            else if (header.Length > 0 && colon <= 0)
                throw new EvaluationDataException(name, $"line {line + 1}: expected a header line or \"{{\", found \"{Shorten(header)}\"");
            line++;
        }
        if (declared is null) throw new EvaluationDataException(name, "no n_points header");
        if (line == lines.Count) throw new EvaluationDataException(name, "no \"{\" opening the point list");
        line++;

        double shift = oneBased ? 1 : 0;
        var coordinates = new double[declared.Value * 2];
        int count = 0;
        for (; line < lines.Count && lines[line] != "}"; line++)
        {
            if (lines[line].Length == 0) continue;
            if (count == declared) throw new EvaluationDataException(name, $"more than the {declared} declared points");
            var parts = lines[line].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2
                || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double x)
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double y)
                || !double.IsFinite(x) || !double.IsFinite(y))
                throw new EvaluationDataException(name, $"line {line + 1}: expected two numbers, found \"{Shorten(lines[line])}\"");
            coordinates[2 * count] = x - shift;
            coordinates[2 * count + 1] = y - shift;
            count++;
        }
        if (line == lines.Count) throw new EvaluationDataException(name, "no \"}\" closing the point list");
        if (count != declared) throw new EvaluationDataException(name, $"{count} points found, n_points says {declared}");
        return new LandmarkSet(coordinates, 2);
    }

    /// <summary>Formats x, y of the landmarks (z is dropped) as a .pts document.</summary>
    public static string Format(LandmarkSet landmarks, bool oneBased = true)
    {
        ArgumentNullException.ThrowIfNull(landmarks);
        double shift = oneBased ? 1 : 0;
        var text = new StringBuilder();
        text.Append("version: 1\n").Append("n_points: ").Append(landmarks.Count.ToString(CultureInfo.InvariantCulture)).Append("\n{\n");
        for (int i = 0; i < landmarks.Count; i++)
            text.Append((landmarks[i, 0] + shift).ToString("R", CultureInfo.InvariantCulture)).Append(' ')
                .Append((landmarks[i, 1] + shift).ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        text.Append("}\n");
        return text.ToString();
    }

    public static void Write(string path, LandmarkSet landmarks, bool oneBased = true) =>
        File.WriteAllText(path, Format(landmarks, oneBased));

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "...";
}
