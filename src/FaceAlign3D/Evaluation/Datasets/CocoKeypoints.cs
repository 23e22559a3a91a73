using System.Text.Json;
using FaceAlign3D.Evaluation.Metrics;

namespace FaceAlign3D.Evaluation.Datasets;

/// <summary>
/// One annotated face of a COCO-style keypoint file: its annotation id, image file and size (0 when
/// absent), landmarks, COCO visibility flags per point (0 not labelled, 1 labelled but hidden,
/// 2 visible) and the box x, y, width, height when present.
/// </summary>
internal sealed record CocoFace(
    long AnnotationId,
    string ImageFile,
    int ImageWidth,
    int ImageHeight,
    LandmarkSet Landmarks,
    IReadOnlyList<int> Visibility,
    IReadOnlyList<double>? Box);

/// <summary>
/// COCO-style face keypoint JSON as used by MMPose for 300W, WFLW, COFW, AFLW, LaPa, 300-VW:
/// images [{id, file_name, width, height}], annotations [{id, image_id, keypoints [x, y, v, ...], bbox}].
/// Any point count is accepted; malformed annotations are skipped and listed in <see cref="Issues"/>.
/// </summary>
internal sealed class CocoKeypoints
{
    private CocoKeypoints(IReadOnlyList<CocoFace> faces, IReadOnlyList<DatasetIssue> issues)
    {
        Faces = faces;
        Issues = issues;
    }

    public IReadOnlyList<CocoFace> Faces { get; }

    public IReadOnlyList<DatasetIssue> Issues { get; }

    public static CocoKeypoints Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Load(JsonLandmarks.ReadFile(path), path);
    }

    /// <summary>Reads a COCO keypoint file from its bytes; <paramref name="path"/> names it in errors.</summary>
    public static CocoKeypoints Load(ReadOnlyMemory<byte> json, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var document = JsonLandmarks.Parse(json, path);
        var top = document.RootElement;
        if (top.ValueKind != JsonValueKind.Object
            || !top.TryGetProperty("images", out var images) || images.ValueKind != JsonValueKind.Array
            || !top.TryGetProperty("annotations", out var annotations) || annotations.ValueKind != JsonValueKind.Array)
            throw new EvaluationDataException(path, "COCO keypoint files need \"images\" and \"annotations\" arrays");

        var issues = new List<DatasetIssue>();
        var imageById = new Dictionary<long, (string File, int Width, int Height)>();
        int position = 0;
        foreach (var image in images.EnumerateArray())
        {
            if (image.ValueKind == JsonValueKind.Object
                && image.TryGetProperty("id", out var id) && JsonLandmarks.TryReadInt64(id, out long imageId)
                && image.TryGetProperty("file_name", out var file) && file.ValueKind == JsonValueKind.String)
            {
                int width = JsonLandmarks.Int32OrDefault(image, "width", 0);
                int height = JsonLandmarks.Int32OrDefault(image, "height", 0);
                if (!imageById.TryAdd(imageId, (file.GetString()!, width, height)))
                    issues.Add(new DatasetIssue($"images[{position}]", $"duplicate image id {imageId}"));
            }
            else
                issues.Add(new DatasetIssue($"images[{position}]", "needs a numeric id and a file_name"));
            position++;
        }

        var faces = new List<CocoFace>();
        position = 0;
        foreach (var annotation in annotations.EnumerateArray())
        {
            string item = $"annotations[{position++}]";
            if (annotation.ValueKind == JsonValueKind.Object && annotation.TryGetProperty("id", out var aid) && JsonLandmarks.TryReadInt64(aid, out long annotationId))
                item = $"annotation {annotationId}";
            else
                annotationId = -1;
            if (annotation.ValueKind != JsonValueKind.Object
                || !annotation.TryGetProperty("image_id", out var imgId) || !JsonLandmarks.TryReadInt64(imgId, out long imageId))
            {
                issues.Add(new DatasetIssue(item, "no numeric image_id"));
                continue;
            }
            if (!imageById.TryGetValue(imageId, out var image))
            {
                issues.Add(new DatasetIssue(item, $"image_id {imageId} is not in images"));
                continue;
            }
            item = $"{image.File} ({item})";
            LandmarkSet? landmarks = null;
            int[]? visibility = null;
            string? problem = null;
            if (!annotation.TryGetProperty("keypoints", out var keypoints) || !TryReadTriples(keypoints, out landmarks, out visibility, out problem))
            {
                issues.Add(new DatasetIssue(item, "keypoints: " + (problem ?? "missing")));
                continue;
            }
            double[]? box = annotation.TryGetProperty("bbox", out var b) && JsonLandmarks.TryReadNumbers(b, 4, out var bv) ? bv : null;
            faces.Add(new CocoFace(annotationId, image.File, image.Width, image.Height, landmarks!, visibility!, box));
        }
        return new CocoKeypoints(faces, issues);
    }

    private static bool TryReadTriples(JsonElement keypoints, out LandmarkSet? landmarks, out int[]? visibility, out string? problem)
    {
        landmarks = null;
        visibility = null;
        problem = null;
        if (keypoints.ValueKind != JsonValueKind.Array || keypoints.GetArrayLength() == 0 || keypoints.GetArrayLength() % 3 != 0)
        {
            problem = "must be a non-empty flat array of x, y, v triples";
            return false;
        }
        int n = keypoints.GetArrayLength() / 3;
        var xy = new double[n * 2];
        var v = new int[n];
        int k = 0;
        foreach (var value in keypoints.EnumerateArray())
        {
            if (!JsonLandmarks.TryReadFinite(value, out double number))
            {
                problem = $"value {k} is not a finite number";
                return false;
            }
            int point = k / 3;
            if (k % 3 == 2) v[point] = (int)number;
            else xy[point * 2 + k % 3] = number;
            k++;
        }
        landmarks = new LandmarkSet(xy, 2);
        visibility = v;
        return true;
    }
}
