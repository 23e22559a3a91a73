using System.Text.Json;
using FaceAlign3D.Export;
using FaceAlign3D.Fitting;
using FaceAlign3D.Geometry;

namespace FaceAlign3D.Pipeline;

/// <summary>
/// The faces of an `align` JSON: image name and size, the 68 landmarks (x, y) of each face and, when the aligner
/// was MediaPipe's face mesh, its 468 landmarks (x, y; null per face otherwise); when the regressor predicts them,
/// each face's 68 landmark sigmas (pixels; null per face otherwise).
/// </summary>
public sealed record AlignedImage(string Image, int Width, int Height, IReadOnlyList<Point2[]> Faces, IReadOnlyList<Point2[]?>? Faces468 = null,
    IReadOnlyList<float[]?>? Sigmas68 = null);

/// <summary>One calibrated view of a multi-view fit: its name, 68 landmarks (unobserved = sigma infinity) and camera.</summary>
public sealed record FitView(string Name, LandmarkObservation Landmarks, PinholeCamera Camera);

/// <summary>
/// Reads the inputs of `facealign fit`: align JSON files (docs/align-output.md) and views.json files
/// (docs/fit-output.md). Every problem is an <see cref="InvalidDataException"/> naming the file and the field.
/// </summary>
internal static class FitInputs
{
    private const int LandmarkCount = 68;

    private const int MeshLandmarkCount = 468;

    /// <summary>68 positive finite pixel sigmas.</summary>
    private static float[] ReadSigmas(JsonElement array, string path, string where)
    {
        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() != LandmarkCount)
            throw new InvalidDataException($"{path}: {where} must be an array of {LandmarkCount} numbers");
        var sigmas = array.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetSingle() : float.NaN).ToArray();
        if (sigmas.Any(s => !(s > 0) || !float.IsFinite(s)))
            throw new InvalidDataException($"{path}: {where} must hold positive finite pixel sigmas");
        return sigmas;
    }

    /// <exception cref="InvalidDataException">the file is not an align JSON.</exception>
    public static AlignedImage ReadAlignJson(string path) => ReadAlignJson(ReadBounded(path), path);

    /// <summary>Reads an align JSON from its bytes; <paramref name="path"/> names it in errors and gives the default image name.</summary>
    /// <exception cref="InvalidDataException">the bytes are not an align JSON.</exception>
    public static AlignedImage ReadAlignJson(ReadOnlyMemory<byte> json, string path)
    {
        using var doc = Parse(json, path);
        var root = doc.RootElement;
        try
        {
            string image = root.TryGetProperty("image", out var name) ? name.GetString() ?? "" : Path.GetFileName(path);
            int width = root.GetProperty("width").GetInt32();
            int height = root.GetProperty("height").GetInt32();
            var faces = new List<Point2[]>();
            var faces468 = new List<Point2[]?>();
            var sigmas68 = new List<float[]?>();
            int f = 0;
            foreach (var face in root.GetProperty("faces").EnumerateArray())
            {
                var (points, _) = ReadLandmarks(face.GetProperty("landmarks68"), path, $"faces[{f}].landmarks68");
                faces.Add(points);
                faces468.Add(face.TryGetProperty("landmarks468", out var dense)
                    ? ReadLandmarks(dense, path, $"faces[{f}].landmarks468", MeshLandmarkCount).Points : null);
                sigmas68.Add(face.TryGetProperty(AlignmentJsonWriter.LandmarkSigmasKey, out var sigmas) ? ReadSigmas(sigmas, path, $"faces[{f}].{AlignmentJsonWriter.LandmarkSigmasKey}") : null);
                f++;
            }
            return new AlignedImage(image, width, height, faces, faces468, sigmas68);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: not an align JSON ({e.Message})", e);
        }
    }

    /// <summary>Reads a views.json; relative align paths are resolved against its folder.</summary>
    /// <exception cref="InvalidDataException">bad structure, a view without landmarks, a landmark count other than 68, or a bad camera.</exception>
    public static IReadOnlyList<FitView> ReadViews(string path) => ReadViews(ReadBounded(path), path);

    /// <summary>Reads a views.json from its bytes; <paramref name="path"/> is where it lives (the folder of relative align paths, and the name in errors).</summary>
    /// <exception cref="InvalidDataException">as <see cref="ReadViews(string)"/>.</exception>
    public static IReadOnlyList<FitView> ReadViews(ReadOnlyMemory<byte> json, string path)
    {
        using var doc = Parse(json, path);
        string folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var views = new List<FitView>();
        try
        {
            var list = doc.RootElement.GetProperty("views");
            int v = 0;
            foreach (var view in list.EnumerateArray())
            {
                string where = $"views[{v}]";
                string name = view.TryGetProperty("name", out var n) ? n.GetString() ?? where : where;
                Point2[] points;
                double[] sigma;
                if (view.TryGetProperty("landmarks68", out var inline))
                    (points, sigma) = ReadLandmarks(inline, path, where + ".landmarks68");
                else if (view.TryGetProperty("align", out var alignPath))
                {
                    string file = Path.Combine(folder, alignPath.GetString() ?? throw new InvalidDataException($"{path}: {where}.align is null"));
                    int face = view.TryGetProperty("face", out var fi) ? fi.GetInt32() : 0;
                    var aligned = ReadReferencedAlignJson(file, path, where);
                    if (face < 0 || face >= aligned.Faces.Count)
                        throw new InvalidDataException($"{path}: {where} asks for face {face} but {file} has {aligned.Faces.Count}");
                    points = aligned.Faces[face];
                    sigma = Enumerable.Repeat(1.0, LandmarkCount).ToArray();
                }
                else
                    throw new InvalidDataException($"{path}: {where} has neither 'landmarks68' nor 'align'");
                var k = Matrix(view.GetProperty("K"), path, where + ".K");
                if (k[1, 0] != 0 || k[2, 0] != 0 || k[2, 1] != 0 || k[2, 2] != 1 || k[0, 1] != 0)
                    throw new InvalidDataException($"{path}: {where}.K must be [[fx, 0, cx], [0, fy, cy], [0, 0, 1]]");
                var r = Matrix(view.GetProperty("R"), path, where + ".R");
                var t = Vector(view.GetProperty("t"), path, where + ".t");
                var camera = new PinholeCamera(k[0, 0], k[1, 1], k[0, 2], k[1, 2], r, t);
                views.Add(new FitView(name, new LandmarkObservation(points, sigma), camera));
                v++;
            }
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: not a views file ({e.Message})", e);
        }
        if (views.Count < 2)
            throw new InvalidDataException($"{path}: a multi-view fit needs at least 2 views, found {views.Count}");
        return views;
    }

    // A views.json names its align files, so a bad name is bad input of the views file, not an I/O failure of the run.
    private static AlignedImage ReadReferencedAlignJson(string file, string viewsPath, string where)
    {
        try
        {
            return ReadAlignJson(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{viewsPath}: {where}.align cannot be read ({e.Message})", e);
        }
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> json, string path)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: invalid JSON ({e.Message})", e);
        }
    }

    // Devices such as /dev/zero report no length and never end, so the read stops at a size no landmark file reaches.
    private static byte[] ReadBounded(string path)
    {
        const int MaxBytes = 64 << 20;
        using var stream = File.OpenRead(path);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
                throw new InvalidDataException($"{path}: larger than {MaxBytes >> 20} MiB, not a landmark file");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>68 entries of [x, y] or [x, y, z] (z ignored); null marks an unobserved landmark (sigma = infinity).</summary>
    private static (Point2[] Points, double[] Sigma) ReadLandmarks(JsonElement array, string path, string where, int expected = LandmarkCount)
    {
        int count = array.GetArrayLength();
        if (count != expected)
            throw new InvalidDataException($"{path}: {where} has {count} landmarks, expected {expected}");
        var points = new Point2[count];
        var sigma = new double[count];
        int k = 0;
        foreach (var p in array.EnumerateArray())
        {
            if (p.ValueKind == JsonValueKind.Null)
            {
                sigma[k++] = double.PositiveInfinity;
                continue;
            }
            if (p.GetArrayLength() is < 2 or > 3)
                throw new InvalidDataException($"{path}: {where}[{k}] must be [x, y] or [x, y, z]");
            points[k] = new Point2(p[0].GetDouble(), p[1].GetDouble());
            if (!points[k].IsFinite)
                throw new InvalidDataException($"{path}: {where}[{k}] is not finite");
            sigma[k++] = 1.0;
        }
        return (points, sigma);
    }

    private static Mat3 Matrix(JsonElement rows, string path, string where)
    {
        if (rows.GetArrayLength() != 3 || rows.EnumerateArray().Any(r => r.GetArrayLength() != 3))
            throw new InvalidDataException($"{path}: {where} must be a 3x3 array of rows");
        var m = rows.EnumerateArray().SelectMany(r => r.EnumerateArray().Select(x => x.GetDouble())).ToArray();
        if (m.Any(x => !double.IsFinite(x)))
            throw new InvalidDataException($"{path}: {where} holds a non-finite value");
        return Mat3.FromArray(m);
    }

    private static Vec3 Vector(JsonElement values, string path, string where)
    {
        if (values.GetArrayLength() != 3)
            throw new InvalidDataException($"{path}: {where} must hold 3 numbers");
        var v = new Vec3(values[0].GetDouble(), values[1].GetDouble(), values[2].GetDouble());
        return v.IsFinite ? v : throw new InvalidDataException($"{path}: {where} holds a non-finite value");
    }
}
