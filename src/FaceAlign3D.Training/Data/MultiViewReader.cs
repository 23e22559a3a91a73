using System.Text.Json;
using FaceAlign3D.Detection;
using FaceAlign3D.Evaluation.Datasets;

namespace FaceAlign3D.Training.Data;

/// <summary>
/// Multi-view folders in the layout of `facealign synth multiview` (annotations.json + images/ + views/): samples
/// are grouped by recipe.group and ordered by recipe.view; each view's camera is the "P" (3x4) or the K, R, t of
/// entry recipe.view of the group's recipe.views_file, else the sample's pinhole "camera", else unknown. A view
/// is labelled by the x, y of its landmarks68_3d (68 points, region box from them) or unlabeled with a
/// "roi_box" [x1, y1, x2, y2]. Views without an image, a region or a readable group, and groups left with fewer
/// than two views, are skipped and named; a missing or unreadable annotations.json throws
/// <see cref="EvaluationDataException"/> naming it.
/// </summary>
public static class MultiViewReader
{
    public static GroupScan Read(string folder)
    {
        using var file = AnnotationsFile.Open(folder);
        string annotations = file.Path;
        var skipped = new List<DatasetIssue>();
        var views = new Dictionary<string, List<(int View, GroupView Item)>>(StringComparer.Ordinal);
        var cameraFiles = new Dictionary<string, CameraFile>(StringComparer.Ordinal);
        foreach (var sample in file.Samples.EnumerateArray())
        {
            string image = AnnotationsFile.Image(sample);
            if (image.Length == 0) { skipped.Add(new DatasetIssue(annotations, "sample without an image name")); continue; }
            if (!sample.TryGetProperty("recipe", out var recipe) || recipe.ValueKind != JsonValueKind.Object
                || AnnotationsFile.Text(recipe, "group") is not { Length: > 0 } group
                || !recipe.TryGetProperty("view", out var viewValue) || !viewValue.TryGetInt32(out int view) || view < 0)
            { skipped.Add(new DatasetIssue(image, "no recipe.group and recipe.view")); continue; }
            string path = ImagePath(folder, image);
            if (!File.Exists(path)) { skipped.Add(new DatasetIssue(image, $"missing image {path}")); continue; }
            if (!TryReadFace(sample, image, path, out var face, out string problem)) { skipped.Add(new DatasetIssue(image, problem)); continue; }
            var camera = CameraOf(folder, AnnotationsFile.Text(recipe, "views_file"), view, sample, cameraFiles);
            if (camera.Problem is { } bad) { skipped.Add(new DatasetIssue(image, bad)); continue; }
            if (!views.TryGetValue(group, out var list)) views[group] = list = [];
            list.Add((view, new GroupView(face!, camera.Matrix)));
        }
        var groups = new List<ViewGroup>();
        foreach (var (id, list) in views.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (list.Count < 2) { skipped.Add(new DatasetIssue(id, $"group of {list.Count} view, at least 2 needed")); continue; }
            groups.Add(new ViewGroup(id, list.OrderBy(v => v.View).Select(v => v.Item).ToArray()));
        }
        return new GroupScan(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder))), groups, skipped);
    }

    /// <summary>Images are named relative to images/ (as `facealign synth` writes them) or to the folder.</summary>
    static string ImagePath(string folder, string image)
    {
        string inImages = Path.Combine(folder, "images", image);
        return File.Exists(inImages) ? inImages : Path.Combine(folder, image);
    }

    static bool TryReadFace(JsonElement sample, string id, string path, out FaceRecord? face, out string problem)
    {
        face = null;
        problem = "";
        if (sample.TryGetProperty("landmarks68_3d", out var points))
        {
            if (!JsonLandmarks.TryReadRows(points, out var set, out problem)) return false;
            if (set!.Count != 68) { problem = $"landmarks68_3d has {set.Count} points, expected 68"; return false; }
            face = FaceRecord.FromImageLandmarks(id, path, set);
            return true;
        }
        if (sample.TryGetProperty("roi_box", out var box) && JsonLandmarks.TryReadNumbers(box, 4, out var b) && b[2] > b[0] && b[3] > b[1])
        {
            var unlabeled = new float[2 * 68];
            Array.Fill(unlabeled, float.NaN);
            face = new FaceRecord(id, path, new BoundingBox(b[0], b[1], b[2], b[3]), unlabeled, LandmarkLayout.Ibug68);
            return true;
        }
        problem = "neither 68 landmarks68_3d nor a roi_box [x1, y1, x2, y2] with x2 > x1, y2 > y1";
        return false;
    }

    /// <summary>A views file's cameras by view index, or why it cannot be read.</summary>
    sealed record CameraFile(IReadOnlyList<double[]?> Cameras, string? Problem);

    /// <summary>The view's camera (null when the set has none), or a problem when a named views file is unusable.</summary>
    static (double[]? Matrix, string? Problem) CameraOf(string folder, string viewsFile, int view, JsonElement sample, Dictionary<string, CameraFile> files)
    {
        if (viewsFile.Length > 0)
        {
            if (!files.TryGetValue(viewsFile, out var file)) files[viewsFile] = file = ReadCameraFile(Path.Combine(folder, viewsFile));
            if (file.Problem is { } problem) return (null, problem);
            if (view >= file.Cameras.Count) return (null, $"{viewsFile} has no view {view}");
            if (file.Cameras[view] is { } matrix) return (matrix, null);
        }
        return (sample.TryGetProperty("camera", out var camera) ? PinholeFromSample(camera) : null, null);
    }

    static CameraFile ReadCameraFile(string path)
    {
        try
        {
            using var document = JsonLandmarks.Parse(path);
            if (!document.RootElement.TryGetProperty("views", out var views) || views.ValueKind != JsonValueKind.Array)
                throw new EvaluationDataException(path, "no views array");
            var cameras = new List<double[]?>();
            foreach (var v in views.EnumerateArray())
            {
                if (v.TryGetProperty("P", out var p))
                    cameras.Add(Matrix(p, 3, 4) ?? throw new EvaluationDataException(path, $"view {cameras.Count}: P is not 3 x 4 finite numbers"));
                else if (v.TryGetProperty("K", out var k) && v.TryGetProperty("R", out var r) && v.TryGetProperty("t", out var t))
                    cameras.Add(Compose(Matrix(k, 3, 3), Matrix(r, 3, 3), JsonLandmarks.TryReadNumbers(t, 3, out var tv) ? tv : null)
                        ?? throw new EvaluationDataException(path, $"view {cameras.Count}: K and R are not 3 x 3 or t not 3 finite numbers"));
                else
                    cameras.Add(null);
            }
            return new CameraFile(cameras, null);
        }
        catch (EvaluationDataException e)
        {
            return new CameraFile([], e.Message);
        }
    }

    /// <summary>K [R | t] of a sample's {"kind": "pinhole", fx, fy, cx, cy, rotation (9), translation (3)}.</summary>
    static double[]? PinholeFromSample(JsonElement camera)
    {
        if (camera.ValueKind != JsonValueKind.Object || AnnotationsFile.Text(camera, "kind") != "pinhole") return null;
        double Number(string name) => camera.TryGetProperty(name, out var v) && JsonLandmarks.TryReadFinite(v, out double d) ? d : double.NaN;
        double fx = Number("fx"), fy = Number("fy"), cx = Number("cx"), cy = Number("cy");
        if (!camera.TryGetProperty("rotation", out var r) || !JsonLandmarks.TryReadNumbers(r, 9, out var rotation)
            || !camera.TryGetProperty("translation", out var t) || !JsonLandmarks.TryReadNumbers(t, 3, out var translation)
            || !double.IsFinite(fx + fy + cx + cy))
            return null;
        return Compose([fx, 0, cx, 0, fy, cy, 0, 0, 1], rotation, translation);
    }

    static double[]? Compose(double[]? k, double[]? r, double[]? t)
    {
        if (k is null || r is null || t is null) return null;
        var p = new double[12];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++)
                for (int m = 0; m < 3; m++)
                    p[4 * i + j] += k[3 * i + m] * (j < 3 ? r[3 * m + j] : t[m]);
        return p;
    }

    /// <summary>A rows x cols matrix given as nested rows, row-major, or null.</summary>
    static double[]? Matrix(JsonElement value, int rows, int cols)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != rows) return null;
        var result = new double[rows * cols];
        int i = 0;
        foreach (var row in value.EnumerateArray())
        {
            if (!JsonLandmarks.TryReadNumbers(row, cols, out var numbers)) return null;
            numbers.CopyTo(result, cols * i++);
        }
        return result;
    }
}
