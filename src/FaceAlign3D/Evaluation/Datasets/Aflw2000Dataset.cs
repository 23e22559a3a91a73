using System.Text.Json;
using FaceAlign3D.Evaluation.Metrics;

namespace FaceAlign3D.Evaluation.Datasets;

/// <summary>Which ground-truth 68 landmarks of AFLW2000-3D are scored.</summary>
public enum Aflw2000Landmarks
{
    /// <summary>x, y of the fitted 3D landmarks (pt3d_68): the 3DDFA / 3DDFA_V2 "ori" protocol.</summary>
    Original,

    /// <summary>The manually re-annotated 2D landmarks (3DDFA "re" option).</summary>
    Reannotated,
}

/// <summary>One AFLW2000-3D image with its annotations.</summary>
public sealed record Aflw2000Sample(
    string Image,
    int IndexInFullSet,
    LandmarkSet Landmarks3D,
    LandmarkSet? Reannotated2D,
    EulerAngles Pose,
    IReadOnlyList<double>? RoiBox)
{
    /// <summary>|yaw| of the ground-truth pose in degrees, the bucketing key of the protocol.</summary>
    public double AbsYawDegrees => Math.Abs(Pose.Yaw) * 180 / Math.PI;

    /// <summary>The ground truth for the chosen annotation, or null when this sample lacks it.</summary>
    public LandmarkSet? GroundTruth(Aflw2000Landmarks choice) =>
        choice == Aflw2000Landmarks.Original ? Landmarks3D : Reannotated2D;
}

/// <summary>
/// AFLW2000-3D in the layout images/, crops_120/, annotations.json (samples with landmarks68_3d,
/// landmarks68_2d_reannotated, pose_radians {pitch, yaw, roll}, roi_box_3ddfa). Malformed samples are
/// skipped and listed in <see cref="Issues"/>.
/// </summary>
public sealed class Aflw2000Dataset
{
    private Aflw2000Dataset(string root, IReadOnlyList<Aflw2000Sample> samples, IReadOnlyList<DatasetIssue> issues)
    {
        Root = root;
        Samples = samples;
        Issues = issues;
    }

    public string Root { get; }

    public IReadOnlyList<Aflw2000Sample> Samples { get; }

    public IReadOnlyList<DatasetIssue> Issues { get; }

    public string ImagePath(Aflw2000Sample sample) => Path.Combine(Root, "images", sample.Image);

    public string CropPath(Aflw2000Sample sample) => Path.Combine(Root, "crops_120", sample.Image);

    /// <summary>The same dataset limited to its first <paramref name="count"/> samples (quick validation runs).</summary>
    public Aflw2000Dataset Take(int count) => new(Root, Samples.Take(count).ToArray(), Issues);

    /// <param name="path">The dataset folder or its annotations.json.</param>
    public static Aflw2000Dataset Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string file = Directory.Exists(path) ? Path.Combine(path, "annotations.json") : path;
        return Load(JsonLandmarks.ReadFile(file), file);
    }

    /// <summary>Reads annotations.json from its bytes; <paramref name="file"/> is where it lives (the root of the image paths, and the name in errors).</summary>
    public static Aflw2000Dataset Load(ReadOnlyMemory<byte> annotations, string file)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        using var document = JsonLandmarks.Parse(annotations, file);
        string root = Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".";
        var top = document.RootElement;
        if (top.ValueKind != JsonValueKind.Object || !top.TryGetProperty("samples", out var list) || list.ValueKind != JsonValueKind.Array)
            throw new EvaluationDataException(file, "no \"samples\" array at the top level");

        var samples = new List<Aflw2000Sample>(list.GetArrayLength());
        var issues = new List<DatasetIssue>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int position = 0;
        foreach (var entry in list.EnumerateArray())
        {
            string name = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("image", out var img) && img.ValueKind == JsonValueKind.String
                ? img.GetString()! : $"samples[{position}]";
            if (TryReadSample(entry, name, out var sample, out var problem) && seen.Add(name))
                samples.Add(sample!);
            else
                issues.Add(new DatasetIssue(name, sample is null ? problem : "duplicate image name"));
            position++;
        }
        return new Aflw2000Dataset(root, samples, issues);
    }

    private static bool TryReadSample(JsonElement entry, string name, out Aflw2000Sample? sample, out string problem)
    {
        sample = null;
        problem = "";
        if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("image", out var image) || image.ValueKind != JsonValueKind.String)
        {
            problem = "no image name";
            return false;
        }
        LandmarkSet? landmarks3D = null;
        if (!entry.TryGetProperty("landmarks68_3d", out var lm3) || !JsonLandmarks.TryReadRows(lm3, out landmarks3D, out problem))
        {
            problem = "landmarks68_3d: " + (problem.Length == 0 ? "missing" : problem);
            return false;
        }
        if (landmarks3D!.Count != 68 || landmarks3D.Dimension != 3)
        {
            problem = $"landmarks68_3d has {landmarks3D.Count} points of {landmarks3D.Dimension}D, 68 of 3D expected";
            return false;
        }
        LandmarkSet? reannotated = null;
        if (entry.TryGetProperty("landmarks68_2d_reannotated", out var lm2) && lm2.ValueKind != JsonValueKind.Null)
        {
            if (!JsonLandmarks.TryReadRows(lm2, out reannotated, out problem) || reannotated!.Count != 68)
            {
                problem = "landmarks68_2d_reannotated: " + (problem.Length == 0 ? "not 68 points" : problem);
                return false;
            }
        }
        if (!entry.TryGetProperty("pose_radians", out var pose) || pose.ValueKind != JsonValueKind.Object
            || !pose.TryGetProperty("yaw", out var yaw) || !JsonLandmarks.TryReadFinite(yaw, out double yawValue)
            || !pose.TryGetProperty("pitch", out var pitch) || !JsonLandmarks.TryReadFinite(pitch, out double pitchValue)
            || !pose.TryGetProperty("roll", out var roll) || !JsonLandmarks.TryReadFinite(roll, out double rollValue))
        {
            problem = "pose_radians must hold finite yaw, pitch and roll";
            return false;
        }
        double[]? roi = null;
        if (entry.TryGetProperty("roi_box_3ddfa", out var box) && !JsonLandmarks.TryReadNumbers(box, 4, out roi))
        {
            problem = "roi_box_3ddfa must be 4 finite numbers";
            return false;
        }
        int index = JsonLandmarks.Int32OrDefault(entry, "index_in_full_set", -1);
        sample = new Aflw2000Sample(name, index, landmarks3D, reannotated, new EulerAngles(yawValue, pitchValue, rollValue), roi);
        problem = "";
        return true;
    }
}
