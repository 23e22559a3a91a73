using FaceAlign3D.Evaluation.Datasets;

namespace FaceAlign3D.Training.Data;

/// <summary>
/// The data sets `facealign synth profile|video|ict` write (annotations.json in AFLW2000-3D's layout + images/):
/// the x, y of each sample's landmarks68_3d, in image pixels, are 68 visible 2D labels, and the region box is
/// 3DDFA_V2's policy from landmarks (<see cref="FaceRecord.FromImageLandmarks"/>). Malformed samples and samples
/// whose image is missing are skipped and named; a missing or unreadable annotations.json throws
/// <see cref="EvaluationDataException"/> naming it.
/// </summary>
public static class SynthReader
{
    public static DatasetScan Read(string folder)
    {
        var dataset = Aflw2000Dataset.Load(Path.Combine(folder, "annotations.json"));
        var faces = new List<FaceRecord>();
        var skipped = new List<DatasetIssue>(dataset.Issues);
        foreach (var sample in dataset.Samples)
        {
            string image = dataset.ImagePath(sample);
            if (File.Exists(image))
                faces.Add(FaceRecord.FromImageLandmarks(sample.Image, image, sample.Landmarks3D));
            else
                skipped.Add(new DatasetIssue(sample.Image, $"missing image {image}"));
        }
        return new DatasetScan(Path.GetFileName(Path.TrimEndingDirectorySeparator(dataset.Root)), faces, skipped);
    }
}
