using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Geometry;

namespace FaceAlign3D.Pipeline;

/// <summary>One photo to synthesise from, with the 68 landmarks of each face in it (null: align it first).</summary>
internal sealed record SynthesisSource(string ImagePath, IReadOnlyList<Point2[]>? Faces);

/// <summary>Reads what `facealign synth --from` accepts: an align JSON, or a folder of images (with .pts beside them or not).</summary>
internal static class SynthesisSources
{
    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".bmp", ".ppm", ".pgm"];

    /// <exception cref="FileNotFoundException">the path is neither an align JSON nor a folder.</exception>
    /// <exception cref="InvalidDataException">a malformed align JSON or .pts file.</exception>
    public static IReadOnlyList<SynthesisSource> Read(string from)
    {
        if (File.Exists(from) && Path.GetExtension(from).Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            var aligned = FitInputs.ReadAlignJson(from);
            string folder = Path.GetDirectoryName(Path.GetFullPath(from))!;
            string image = Path.IsPathRooted(aligned.Image) ? aligned.Image : Path.Combine(folder, aligned.Image);
            return [new SynthesisSource(image, aligned.Faces)];
        }
        if (!Directory.Exists(from))
            throw new FileNotFoundException($"{from}: neither an align JSON nor a folder of images");
        var sources = new List<SynthesisSource>();
        foreach (var path in Images(from))
        {
            string pts = Path.ChangeExtension(path, ".pts");
            if (!File.Exists(pts))
            {
                sources.Add(new SynthesisSource(path, null));
                continue;
            }
            sources.Add(new SynthesisSource(path, [Points68(pts)]));
        }
        return sources;
    }

    /// <summary>
    /// The photos of an iBUG folder tree (300-W) outside fold <paramref name="holdout"/> of <paramref name="folds"/>,
    /// numbered as the `ibug` training reader numbers them (<see cref="IbugFolder"/>, <see cref="FoldSplit"/>), so the
    /// fold a config holds out is never a source. A .pts the reader would skip (no image, not 68 finite points) stops
    /// the read instead, since skipping it here and there alike is the only way the numbering could drift.
    /// </summary>
    /// <exception cref="ArgumentException">folds below 2 or a held-out fold outside them.</exception>
    /// <exception cref="DirectoryNotFoundException">the folder does not exist.</exception>
    /// <exception cref="InvalidDataException">a .pts without an image beside it or without 68 finite points.</exception>
    public static IReadOnlyList<SynthesisSource> ReadOutsideFold(string folder, int folds, int holdout)
    {
        if (folds < 2 || holdout < 0 || holdout >= folds)
            throw new ArgumentException($"--folds must be at least 2 and --holdout-fold within 0..folds-1, got {folds} and {holdout}");
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"{folder}: no such folder (--folds reads a folder tree of images with .pts files)");
        var sources = new List<SynthesisSource>();
        int index = 0;
        foreach (var (pts, image) in IbugFolder.Files(folder))
        {
            if (image is null)
                throw new InvalidDataException($"{pts}: no image beside it");
            var points = Points68(pts);
            if (FoldSplit.Keeps(index++, folds, holdout))
                sources.Add(new SynthesisSource(image, [points]));
        }
        return sources;
    }

    /// <exception cref="InvalidDataException">the file does not hold 68 finite points.</exception>
    private static Point2[] Points68(string pts)
    {
        var set = IbugPts.Read(pts);
        if (set.Count != 68 || !set.IsFinite())
            throw new InvalidDataException($"{pts}: expected 68 finite points, got {set.Count}");
        return [.. Enumerable.Range(0, 68).Select(k => new Point2(set[k, 0], set[k, 1]))];
    }

    /// <summary>Every face of the sources in order: its photo, its index in the photo and its landmarks.</summary>
    /// <exception cref="ArgumentException">no source has a face; <paramref name="purpose"/> says what it was wanted for.</exception>
    public static IReadOnlyList<(SynthesisSource Source, int Face, Point2[] Points)> Faces(IReadOnlyList<SynthesisSource> sources, string purpose)
    {
        var faces = sources.SelectMany(s => (s.Faces ?? []).Select((points, f) => (Source: s, Face: f, Points: points))).ToList();
        return faces.Count > 0 ? faces : throw new ArgumentException($"no face {purpose} in the sources");
    }

    /// <summary>The images of a folder (by extension), in ordinal order of their paths.</summary>
    /// <exception cref="DirectoryNotFoundException">the folder does not exist.</exception>
    public static IReadOnlyList<string> Images(string folder) =>
        [.. Directory.EnumerateFiles(folder).Where(p => ImageExtensions.Contains(Path.GetExtension(p).ToLowerInvariant())).Order(StringComparer.Ordinal)];

    /// <summary>Aligns the sources that have no landmarks with the toolkit's detector and aligner.</summary>
    public static IReadOnlyList<SynthesisSource> AlignMissing(FaceToolkit toolkit, IReadOnlyList<SynthesisSource> sources) =>
        [.. sources.Select(s => s.Faces is not null ? s
            : new SynthesisSource(s.ImagePath, FaceFitting.Aligned(s.ImagePath, toolkit.Analyze(s.ImagePath)).Faces))];
}
