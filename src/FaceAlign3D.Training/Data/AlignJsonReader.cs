using FaceAlign3D.Evaluation.Datasets;

namespace FaceAlign3D.Training.Data;

/// <summary>
/// Pseudo-labels from a teacher: the JSON `facealign align` writes (one file, or the *.json of its output
/// folder). Each face's 68 landmarks (x, y) are 68 visible 2D labels and its region box is 3DDFA_V2's policy
/// from them (<see cref="FaceRecord.FromImageLandmarks"/>), as for hand-labelled sets. The files name their
/// images without folders, so the images are looked up in the given images folder (default: the JSON's
/// folder). Unreadable files, faces without 68 finite points and missing images are skipped and named.
/// </summary>
public static class AlignJsonReader
{
    /// <exception cref="FileNotFoundException">the path is neither a file nor a folder.</exception>
    /// <exception cref="EvaluationDataException">a single file that is not JSON or not align output.</exception>
    public static DatasetScan Read(string path, string? images = null)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new FileNotFoundException($"{path}: no such align JSON file or folder");
        string root = Path.TrimEndingDirectorySeparator(path);
        string imageFolder = images ?? (Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!);
        var predictions = PredictionSet.Load(path);
        var faces = new List<FaceRecord>();
        var skipped = new List<DatasetIssue>(predictions.Issues);
        foreach (var prediction in predictions.Images.OrderBy(p => p.Image, StringComparer.Ordinal))
        {
            string image = Path.Combine(imageFolder, prediction.Image);
            if (!File.Exists(image))
            {
                skipped.Add(new DatasetIssue(prediction.Image, $"missing image {image}"));
                continue;
            }
            for (int k = 0; k < prediction.Faces.Count; k++)
            {
                var landmarks = prediction.Faces[k].Landmarks;
                if (landmarks.Count != 68 || !landmarks.IsFinite())
                    skipped.Add(new DatasetIssue($"{prediction.Image} face {k}", $"{landmarks.Count} points, expected 68 finite"));
                else
                    faces.Add(FaceRecord.FromImageLandmarks($"{prediction.Image}#{k}", image, landmarks));
            }
        }
        return new DatasetScan(Path.GetFileName(root), faces, skipped);
    }
}
