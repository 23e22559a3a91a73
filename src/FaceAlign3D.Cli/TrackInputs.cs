namespace FaceAlign3D.Cli;

/// <summary>
/// The clips named on `facealign track`'s command line. A clip is a video file or a folder of images. A manifest
/// (.txt) lists clips, one per line; a folder without images holds clips (its video files and subfolders). One
/// clip named directly is a single run; anything else is a batch.
/// </summary>
internal static class TrackInputs
{
    public static readonly string[] VideoExtensions = [".mp4", ".mov", ".avi", ".mkv", ".webm", ".m4v", ".mpg", ".mpeg", ".ts", ".wmv", ".flv", ".y4m"];

    public static (List<string> Clips, bool Batch) Expand(IReadOnlyList<string> inputs)
    {
        var clips = new List<string>();
        bool listed = false;
        foreach (var input in inputs)
        {
            if (File.Exists(input) && Path.GetExtension(input).Equals(".txt", StringComparison.OrdinalIgnoreCase))
                clips.AddRange(Pipeline.Batches.BatchManifest.Read(input));
            else if (Directory.Exists(input) && !HoldsImages(input))
                clips.AddRange(Directory.EnumerateFileSystemEntries(input)
                    .Where(e => Directory.Exists(e) || VideoExtensions.Contains(Path.GetExtension(e).ToLowerInvariant()))
                    .Order(StringComparer.Ordinal));
            else
            {
                clips.Add(input);
                continue;
            }
            listed = true;
        }
        return (clips, listed || clips.Count > 1);
    }

    private static bool HoldsImages(string folder) =>
        Directory.EnumerateFiles(folder).Any(f => InputFiles.ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()));
}
