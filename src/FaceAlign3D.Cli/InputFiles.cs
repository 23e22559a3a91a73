namespace FaceAlign3D.Cli;

/// <summary>Expands command-line paths (files and folders) into the image files to process, in a stable order.</summary>
internal static class InputFiles
{
    public static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".bmp", ".ppm", ".pgm", ".pnm"];

    /// <summary>Files as given (any extension) and the images directly inside folders, sorted by name; missing paths are reported.</summary>
    public static (List<string> Files, List<string> Missing) Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        var missing = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
                files.Add(path);
            else if (Directory.Exists(path))
                files.AddRange(Directory.EnumerateFiles(path)
                    .Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                    .Order(StringComparer.Ordinal));
            else
                missing.Add(path);
        }
        return (files, missing);
    }
}
