using System.Text.Json;
using FaceAlign3D.Evaluation.Metrics;

namespace FaceAlign3D.Evaluation.Datasets;

/// <summary>One predicted face: landmarks in image pixels plus whatever else the predictor gave.</summary>
internal sealed record FacePrediction(
    LandmarkSet Landmarks,
    IReadOnlyList<double>? Box = null,
    double? Score = null,
    EulerAngles? Pose = null,
    IReadOnlyList<double>? Rotation = null);

/// <summary>The predictions for one image (width/height 0 when unknown).</summary>
internal sealed record ImagePrediction(string Image, int Width, int Height, IReadOnlyList<FacePrediction> Faces);

/// <summary>Where an evaluator gets predictions from: files read ahead, or a live aligner.</summary>
internal interface IPredictionSource
{
    /// <summary>The prediction for an image name, or null with <paramref name="problem"/> saying why.</summary>
    ImagePrediction? Find(string image, out string problem);

    /// <summary>Inputs the source could not use (files, entries), by name.</summary>
    IReadOnlyList<DatasetIssue> Issues { get; }
}

/// <summary>
/// Predictions read from JSON. Accepted shapes, in one file or in every *.json of a folder:
/// <list type="bullet">
/// <item>the toolkit's align output for one image: {image, width, height, faces: [{box, score, roi_box,
/// landmarks68: [[x, y, z], ...], pose: {yaw, pitch, roll (degrees), rotation}, params62}]};</item>
/// <item>an array of such objects;</item>
/// <item>a map {"predictions" | "per_image": {image: {landmarks68 | landmarks68_2d | landmarks: [[x, y(, z)], ...], pose?}}}.</item>
/// </list>
/// Images are keyed by file name without folders. Unusable files and entries are listed in <see cref="Issues"/>.
/// </summary>
internal sealed class PredictionSet : IPredictionSource
{
    private static readonly string[] LandmarkKeys = ["landmarks68", "landmarks68_2d", "landmarks"];
    private readonly Dictionary<string, ImagePrediction> _byImage;
    private readonly Dictionary<string, string> _problemByImage = new(StringComparer.Ordinal);

    private PredictionSet(Dictionary<string, ImagePrediction> byImage, IReadOnlyList<DatasetIssue> issues)
    {
        _byImage = byImage;
        Issues = issues;
        // Remember why an image's entry was rejected so a lookup can say more than "missing".
        foreach (var issue in issues)
            _problemByImage.TryAdd(Key(issue.Item), issue.Reason);
    }

    public IReadOnlyList<DatasetIssue> Issues { get; }

    public int Count => _byImage.Count;

    public IEnumerable<ImagePrediction> Images => _byImage.Values;

    public ImagePrediction? Find(string image, out string problem)
    {
        if (_byImage.TryGetValue(Key(image), out var prediction))
        {
            problem = "";
            return prediction;
        }
        problem = _problemByImage.TryGetValue(Key(image), out var reason) ? $"unusable prediction: {reason}" : "no prediction for this image";
        return null;
    }

    public static PredictionSet FromPredictions(IEnumerable<ImagePrediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        var map = new Dictionary<string, ImagePrediction>(StringComparer.Ordinal);
        var issues = new List<DatasetIssue>();
        foreach (var p in predictions) Add(map, issues, p);
        return new PredictionSet(map, issues);
    }

    /// <summary>Reads a prediction file or a folder of them (non-recursive, *.json).</summary>
    public static PredictionSet Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var map = new Dictionary<string, ImagePrediction>(StringComparer.Ordinal);
        var issues = new List<DatasetIssue>();
        if (Directory.Exists(path))
        {
            foreach (var file in Directory.EnumerateFiles(path, "*.json").Order(StringComparer.Ordinal))
            {
                try { ReadFile(file, map, issues); }
                catch (EvaluationDataException e) { issues.Add(new DatasetIssue(Path.GetFileName(file), e.Reason)); }
            }
        }
        else
            ReadFile(path, map, issues);
        return new PredictionSet(map, issues);
    }

    /// <summary>Reads one prediction file from its bytes; <paramref name="file"/> names it in errors and issues.</summary>
    public static PredictionSet Load(ReadOnlyMemory<byte> json, string file)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        var map = new Dictionary<string, ImagePrediction>(StringComparer.Ordinal);
        var issues = new List<DatasetIssue>();
        Read(json, file, map, issues);
        return new PredictionSet(map, issues);
    }

    private static void ReadFile(string file, Dictionary<string, ImagePrediction> map, List<DatasetIssue> issues) =>
        Read(JsonLandmarks.ReadFile(file), file, map, issues);

    private static void Read(ReadOnlyMemory<byte> json, string file, Dictionary<string, ImagePrediction> map, List<DatasetIssue> issues)
    {
        using var document = JsonLandmarks.Parse(json, file);
        var top = document.RootElement;
        string fileName = Path.GetFileName(file);
        if (top.ValueKind == JsonValueKind.Array)
        {
            int i = 0;
            foreach (var item in top.EnumerateArray())
                ReadAlignOutput(item, $"{fileName}[{i++}]", map, issues);
        }
        else if (top.ValueKind == JsonValueKind.Object && top.TryGetProperty("faces", out _))
            ReadAlignOutput(top, fileName, map, issues);
        else if (top.ValueKind == JsonValueKind.Object && (top.TryGetProperty("predictions", out var table) || top.TryGetProperty("per_image", out table))
                 && table.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in table.EnumerateObject())
            {
                if (TryReadFace(entry.Value, out var face, out var problem))
                    Add(map, issues, new ImagePrediction(entry.Name, 0, 0, [face!]));
                else
                    issues.Add(new DatasetIssue(entry.Name, problem));
            }
        }
        else
            throw new EvaluationDataException(file, "not a prediction file: expected align output ({image, faces}), an array of them, or {\"predictions\": {...}}");
    }

    private static void ReadAlignOutput(JsonElement item, string where, Dictionary<string, ImagePrediction> map, List<DatasetIssue> issues)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("image", out var image) || image.ValueKind != JsonValueKind.String)
        {
            issues.Add(new DatasetIssue(where, "no \"image\" name"));
            return;
        }
        string name = image.GetString()!;
        if (!item.TryGetProperty("faces", out var faces) || faces.ValueKind != JsonValueKind.Array)
        {
            issues.Add(new DatasetIssue(name, "no \"faces\" array"));
            return;
        }
        var list = new List<FacePrediction>();
        int index = 0;
        foreach (var face in faces.EnumerateArray())
        {
            if (TryReadFace(face, out var prediction, out var problem))
                list.Add(prediction!);
            else
                issues.Add(new DatasetIssue($"{name} face {index}", problem));
            index++;
        }
        int width = JsonLandmarks.Int32OrDefault(item, "width", 0);
        int height = JsonLandmarks.Int32OrDefault(item, "height", 0);
        Add(map, issues, new ImagePrediction(name, width, height, list));
    }

    private static bool TryReadFace(JsonElement face, out FacePrediction? prediction, out string problem)
    {
        prediction = null;
        if (face.ValueKind != JsonValueKind.Object)
        {
            problem = "entry is not an object";
            return false;
        }
        LandmarkSet? landmarks = null;
        problem = "no landmarks68, landmarks68_2d or landmarks";
        foreach (var key in LandmarkKeys)
        {
            if (!face.TryGetProperty(key, out var value)) continue;
            if (!JsonLandmarks.TryReadRows(value, out landmarks, out var why))
            {
                problem = $"{key}: {why}";
                return false;
            }
            break;
        }
        if (landmarks is null) return false;

        double[]? box = face.TryGetProperty("box", out var b) && JsonLandmarks.TryReadNumbers(b, 4, out var bv) ? bv : null;
        double? score = face.TryGetProperty("score", out var s) && JsonLandmarks.TryReadFinite(s, out double sv) ? sv : null;
        EulerAngles? pose = null;
        double[]? rotation = null;
        if (face.TryGetProperty("pose", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            if (p.TryGetProperty("yaw", out var yaw) && JsonLandmarks.TryReadFinite(yaw, out double y)
                && p.TryGetProperty("pitch", out var pitch) && JsonLandmarks.TryReadFinite(pitch, out double pi)
                && p.TryGetProperty("roll", out var roll) && JsonLandmarks.TryReadFinite(roll, out double r))
                pose = EulerAngles.FromDegrees(y, pi, r);
            if (p.TryGetProperty("rotation", out var rot))
                rotation = ReadRotation(rot);
        }
        prediction = new FacePrediction(landmarks, box, score, pose, rotation);
        problem = "";
        return true;
    }

    // A rotation is either 9 numbers (row-major) or 3 rows of 3.
    private static double[]? ReadRotation(JsonElement value)
    {
        if (JsonLandmarks.TryReadNumbers(value, 9, out var flat)) return flat;
        if (JsonLandmarks.TryReadRows(value, out var rows, out _) && rows!.Count == 3 && rows.Dimension == 3)
            return rows.Coordinates.ToArray();
        return null;
    }

    private static void Add(Dictionary<string, ImagePrediction> map, List<DatasetIssue> issues, ImagePrediction prediction)
    {
        string key = Key(prediction.Image);
        if (!map.TryAdd(key, prediction))
            issues.Add(new DatasetIssue(prediction.Image, "more than one prediction for this image; the first is kept"));
    }

    private static string Key(string image) => Path.GetFileName(image.Replace('\\', '/'));
}
