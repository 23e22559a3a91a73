using FaceAlign3D.Detection;
using FaceAlign3D.Evaluation.Datasets;

namespace FaceAlign3D.Training.Data;

/// <summary>
/// AFLW2000-3D style folders (annotations.json + crops_120/): the 3DDFA-protocol crops, whose region box is
/// the whole crop, with the 68 landmarks' x, y mapped into it through roi_box_3ddfa, and the normalised
/// 62 parameters when a sample has "params_62". Samples without a roi box or crop file are skipped and named.
/// </summary>
public static class Aflw2000Reader
{
    public static DatasetScan Read(string folder)
    {
        var dataset = Aflw2000Dataset.Load(folder);
        var parameters = ReadParameters(Path.Combine(dataset.Root, "annotations.json"));
        var faces = new List<FaceRecord>();
        var skipped = new List<DatasetIssue>(dataset.Issues);
        foreach (var sample in dataset.Samples)
        {
            string crop = dataset.CropPath(sample);
            if (sample.RoiBox is not { Count: 4 } box) { skipped.Add(new DatasetIssue(sample.Image, "no roi_box_3ddfa")); continue; }
            if (!File.Exists(crop)) { skipped.Add(new DatasetIssue(sample.Image, $"missing crop {crop}")); continue; }
            double scaleX = TrainingCrop.Size / (box[2] - box[0]), scaleY = TrainingCrop.Size / (box[3] - box[1]);
            var landmarks = new float[2 * sample.Landmarks3D.Count];
            for (int k = 0; k < sample.Landmarks3D.Count; k++)
            {
                landmarks[2 * k] = (float)((sample.Landmarks3D[k, 0] - box[0]) * scaleX);
                landmarks[2 * k + 1] = (float)((sample.Landmarks3D[k, 1] - box[1]) * scaleY);
            }
            faces.Add(new FaceRecord(sample.Image, crop, new BoundingBox(0, 0, TrainingCrop.Size, TrainingCrop.Size), landmarks, LandmarkLayout.Ibug68,
                parameters.GetValueOrDefault(sample.Image)));
        }
        return new DatasetScan("aflw2000-3d", faces, skipped);
    }

    /// <summary>image -> params_62 for the samples that have 62 finite numbers there.</summary>
    static Dictionary<string, float[]> ReadParameters(string annotations)
    {
        var result = new Dictionary<string, float[]>();
        using var document = JsonLandmarks.Parse(annotations);
        if (!document.RootElement.TryGetProperty("samples", out var samples) || samples.ValueKind != System.Text.Json.JsonValueKind.Array)
            return result;
        foreach (var sample in samples.EnumerateArray())
            if (sample.TryGetProperty("image", out var image) && sample.TryGetProperty("params_62", out var values)
                && JsonLandmarks.TryReadNumbers(values, 62, out var numbers))
                result[image.GetString() ?? ""] = numbers.Select(v => (float)v).ToArray();
        return result;
    }
}
