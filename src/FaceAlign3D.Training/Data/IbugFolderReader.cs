using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Imaging;

namespace FaceAlign3D.Training.Data;

/// <summary>
/// Folders of images with iBUG .pts files beside them (300-W): 68 points, 1-based. The region box is
/// 3DDFA_V2's policy from landmarks (<see cref="FaceRecord.FromImageLandmarks"/>). Images without a readable
/// .pts (or .pts without an image) are skipped and named.
/// </summary>
public static class IbugFolderReader
{
    public static DatasetScan Read(string folder)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"{folder}: no such folder");
        var faces = new List<FaceRecord>();
        var skipped = new List<DatasetIssue>();
        foreach (var (pts, image) in IbugFolder.Files(folder))
        {
            if (image is null) { skipped.Add(new DatasetIssue(pts, "no image beside it")); continue; }
            try
            {
                var set = IbugPts.Read(pts);
                if (set.Count != 68 || !set.IsFinite()) { skipped.Add(new DatasetIssue(pts, $"{set.Count} points, expected 68 finite")); continue; }
                faces.Add(FaceRecord.FromImageLandmarks(Path.GetRelativePath(folder, image), image, set));
            }
            catch (Exception e) when (e is EvaluationDataException or IOException or FormatException or ImageFormatException)
            {
                skipped.Add(new DatasetIssue(pts, e.Message));
            }
        }
        return new DatasetScan(Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)), faces, skipped);
    }
}
