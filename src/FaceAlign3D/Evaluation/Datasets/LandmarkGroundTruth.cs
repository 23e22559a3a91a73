using FaceAlign3D.Evaluation.Metrics;

namespace FaceAlign3D.Evaluation.Datasets;

/// <summary>
/// One annotated face: <see cref="Item"/> names it in reports, <see cref="Image"/> is the image file name (or,
/// for .pts files, the file stem) that predictions are matched by.
/// </summary>
internal sealed record GroundTruthFace(string Item, string Image, LandmarkSet Landmarks);

/// <summary>Ground-truth faces from a folder of iBUG .pts files or a COCO-style keypoint file, with the entries that could not be read.</summary>
internal sealed class LandmarkGroundTruth
{
    private LandmarkGroundTruth(string description, IReadOnlyList<GroundTruthFace> faces, IReadOnlyList<DatasetIssue> issues)
    {
        Description = description;
        Faces = faces;
        Issues = issues;
    }

    /// <summary>What was read, for the report's dataset line.</summary>
    public string Description { get; }

    public IReadOnlyList<GroundTruthFace> Faces { get; }

    public IReadOnlyList<DatasetIssue> Issues { get; }

    /// <summary>Every *.pts file of a folder (non-recursive); a malformed file is listed in <see cref="Issues"/>.</summary>
    public static LandmarkGroundTruth FromPtsFolder(string folder)
    {
        if (!Directory.Exists(folder))
            throw new EvaluationDataException(folder, "folder not found");
        var faces = new List<GroundTruthFace>();
        var issues = new List<DatasetIssue>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.pts").Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(file);
            try { faces.Add(new GroundTruthFace(name, Path.GetFileNameWithoutExtension(file), IbugPts.Read(file))); }
            catch (EvaluationDataException e) { issues.Add(new DatasetIssue(name, e.Reason)); }
        }
        if (faces.Count == 0 && issues.Count == 0)
            throw new EvaluationDataException(folder, "no .pts files in this folder");
        return new LandmarkGroundTruth($"{Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)))} (.pts)", faces, issues);
    }

    /// <summary>A COCO-style keypoint file: one face per annotation, named "file (annotation id)".</summary>
    public static LandmarkGroundTruth FromCoco(string file)
    {
        var coco = CocoKeypoints.Load(file);
        var faces = coco.Faces.Select(f => new GroundTruthFace($"{f.ImageFile} (annotation {f.AnnotationId})", f.ImageFile, f.Landmarks)).ToList();
        return new LandmarkGroundTruth($"{Path.GetFileName(file)} (COCO keypoints)", faces, coco.Issues);
    }
}
