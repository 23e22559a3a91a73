namespace FaceAlign3D.Pipeline.Batches;

/// <summary>A manifest of batch inputs: one path per line, relative to the manifest's folder; blank lines and lines starting with # are skipped.</summary>
internal static class BatchManifest
{
    public static string[] Read(string manifest)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(manifest))!;
        return [.. File.ReadAllLines(manifest).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => Path.GetFullPath(l, folder))];
    }
}
