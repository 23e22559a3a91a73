namespace FaceAlign3D.Evaluation.Datasets;

/// <summary>
/// A folder tree of images with iBUG .pts files beside them (300-W), listed in the one order that the `ibug`
/// training reader and `facealign synth --folds` both number faces in (<see cref="FoldSplit"/>), so a held-out fold
/// is the same set for both.
/// </summary>
internal static class IbugFolder
{
    /// <summary>Image extensions looked for beside a .pts, in order of preference.</summary>
    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".bmp"];

    /// <summary>Every .pts under <paramref name="folder"/> (recursively) in ordinal path order, with the image beside it or null.</summary>
    public static IEnumerable<(string Pts, string? Image)> Files(string folder) =>
        Directory.EnumerateFiles(folder, "*.pts", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(pts => (pts, ImageExtensions.Select(e => Path.ChangeExtension(pts, e)).FirstOrDefault(File.Exists)));
}
