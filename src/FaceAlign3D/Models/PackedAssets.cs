using System.Text.RegularExpressions;
using FaceAlign3D.Formats;

namespace FaceAlign3D.Models;

/// <summary>
/// Emscripten "packed assets": one .data file holding several files back to back, and a loader script whose
/// metadata lists each file as {"filename": "/path/name", "start": s, "end": e}. MediaPipe's npm solutions
/// ship their models this way.
/// </summary>
internal static partial class PackedAssets
{
    public sealed record Asset(string FileName, int Start, int End)
    {
        public int Length => End - Start;
    }

    /// <summary>The assets listed in a loader script, with their names reduced to the file name.</summary>
    public static IReadOnlyList<Asset> ParseLoader(string script, string scriptName)
    {
        var assets = new List<Asset>();
        foreach (Match m in AssetPattern().Matches(script))
        {
            string name = Path.GetFileName(m.Groups[1].Value.Replace('\\', '/'));
            if (name.Length == 0 || name is "." or ".." || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
                throw new ModelFormatException(scriptName, $"asset name '{m.Groups[1].Value}' is not a plain file name");
            if (!int.TryParse(m.Groups[2].Value, out int start) || !int.TryParse(m.Groups[3].Value, out int end) || end < start)
                throw new ModelFormatException(scriptName, $"asset '{name}' has an invalid range {m.Groups[2].Value}..{m.Groups[3].Value}");
            assets.Add(new Asset(name, start, end));
        }
        if (assets.Count == 0)
            throw new ModelFormatException(scriptName, "no {\"filename\", \"start\", \"end\"} entries found");
        return assets;
    }

    /// <summary>Cuts <paramref name="data"/> into the listed assets.</summary>
    public static Dictionary<string, byte[]> Split(byte[] data, IReadOnlyList<Asset> assets, string dataName)
    {
        var files = new Dictionary<string, byte[]>();
        foreach (var a in assets)
        {
            if (a.End > data.Length)
                throw new ModelFormatException(dataName, $"asset '{a.FileName}' ends at byte {a.End} but the data has {data.Length}");
            if (!files.TryAdd(a.FileName, data[a.Start..a.End]))
                throw new ModelFormatException(dataName, $"asset '{a.FileName}' is listed twice");
        }
        return files;
    }

    [GeneratedRegex("\"filename\"\\s*:\\s*\"([^\"]+)\"\\s*,\\s*\"start\"\\s*:\\s*(\\d+)\\s*,\\s*\"end\"\\s*:\\s*(\\d+)")]
    private static partial Regex AssetPattern();
}
