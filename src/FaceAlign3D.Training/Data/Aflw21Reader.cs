using System.Text.Json;
using FaceAlign3D.Detection;
using FaceAlign3D.Evaluation.Datasets;

namespace FaceAlign3D.Training.Data;

/// <summary>
/// The AFLW 21-point crops (annotations.json + crops_120/): landmarks21_crop in crop pixels, null where not
/// annotated (NaN here, masked by the losses). Samples without a crop file or with malformed points are
/// skipped and named.
/// </summary>
public static class Aflw21Reader
{
    public static DatasetScan Read(string folder)
    {
        using var file = AnnotationsFile.Open(folder);
        string annotations = file.Path;
        var faces = new List<FaceRecord>();
        var skipped = new List<DatasetIssue>();
        foreach (var sample in file.Samples.EnumerateArray())
        {
            string image = AnnotationsFile.Image(sample);
            string crop = Path.Combine(folder, "crops_120", image);
            if (image.Length == 0) { skipped.Add(new DatasetIssue(annotations, "sample without an image name")); continue; }
            if (!File.Exists(crop)) { skipped.Add(new DatasetIssue(image, $"missing crop {crop}")); continue; }
            if (!TryReadPoints(sample, out var landmarks)) { skipped.Add(new DatasetIssue(image, "landmarks21_crop is not 21 points")); continue; }
            faces.Add(new FaceRecord(image, crop, new BoundingBox(0, 0, TrainingCrop.Size, TrainingCrop.Size), landmarks, LandmarkLayout.Aflw21));
        }
        return new DatasetScan("aflw-21pt", faces, skipped);
    }

    static bool TryReadPoints(JsonElement sample, out float[] landmarks)
    {
        landmarks = new float[42];
        if (!sample.TryGetProperty("landmarks21_crop", out var points) || points.ValueKind != JsonValueKind.Array || points.GetArrayLength() != 21)
            return false;
        int k = 0;
        foreach (var point in points.EnumerateArray())
        {
            if (point.ValueKind == JsonValueKind.Null) { landmarks[2 * k] = landmarks[2 * k + 1] = float.NaN; }
            else if (JsonLandmarks.TryReadNumbers(point, 2, out var xy)) { landmarks[2 * k] = (float)xy[0]; landmarks[2 * k + 1] = (float)xy[1]; }
            else return false;
            k++;
        }
        return true;
    }
}
