using System.Text.Json;
using FaceAlign3D.Geometry;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Morphable.IctFaceKit;
using FaceAlign3D.Rendering;
using FaceAlign3D.Synthesis;

namespace FaceAlign3D.Pipeline;

/// <summary>What `facealign synth multiview` makes.</summary>
internal sealed record MultiViewSettings
{
    /// <summary>Faces, each seen by every camera of the rig.</summary>
    public int Count { get; init; } = 1;

    /// <summary>Cameras per face.</summary>
    public int Views { get; init; } = 3;

    /// <summary>Yaw from the first camera to the last, degrees.</summary>
    public double SpanDegrees { get; init; } = 70;

    /// <summary>Side of the square images, pixels.</summary>
    public int Size { get; init; } = 512;

    /// <summary>Camera distance to the face, cm; the focal length makes a face about 40% of the image wide.</summary>
    public double Distance { get; init; } = 60;

    public FaceSampling Faces { get; init; } = new();

    public int Seed { get; init; }
}

/// <summary>The files a multi-view run wrote.</summary>
internal sealed record MultiViewRun(int Faces, int Images, string Annotations, string ContactSheet);

/// <summary>
/// Builds a multi-view dataset (docs/synthesis.md): ICT faces with sampled identity, expression, head rotation,
/// skin tone and light, each rendered by every camera of a calibrated rig over a background. Per face a views.json
/// that `facealign fit --views` reads (the cameras and the exact 68 landmarks of each view, with the truth), and
/// annotations.json with one sample per image. Deterministic for a seed.
/// </summary>
internal static class MultiViewDataset
{
    public const string ViewsFolder = "views";

    /// <param name="model">the ICT model.</param>
    /// <param name="backgrounds">photos drawn behind the heads (one per face, in turn); empty: plain grey.</param>
    /// <param name="settings">count, rig and sampling.</param>
    /// <param name="output">folder for images/, views/, annotations.json and contact_sheet.png.</param>
    /// <param name="progress">receives the number of faces written.</param>
    /// <exception cref="ArgumentException">bad settings.</exception>
    public static MultiViewRun Run(IctFaceModel model, IReadOnlyList<string> backgrounds, MultiViewSettings settings, string output, IProgress<int>? progress = null)
    {
        DatasetSettingsChecks.RequireCount(settings.Count);
        DatasetSettingsChecks.RequireImageSize(settings.Size);
        var cameras = MultiViewRig.Arc(settings.Views, settings.SpanDegrees, settings.Distance, 1.6 * settings.Size, settings.Size, settings.Size);
        Directory.CreateDirectory(Path.Combine(output, "images"));
        Directory.CreateDirectory(Path.Combine(output, ViewsFolder));
        var sampler = new IctFaceSampler(model, settings.Seed);
        var renderer = new FaceRenderer(model);
        var sheet = new List<Image>();
        string annotations = Path.Combine(output, "annotations.json");
        string sheetPath;
        using (var stream = File.Create(annotations))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            WriteHeader(json, settings);
            for (int k = 0; k < settings.Count; k++)
            {
                var face = sampler.Face(settings.Faces);
                var skin = sampler.SkinTone();
                var light = sampler.Light();
                var vertices = face.ModelVertices(model);
                var (translation, world) = sampler.PlaceNearOrigin(face, vertices, model.Landmarks68);
                var background = Background(backgrounds, k, settings.Size, sampler);
                var views = new List<(string Image, PinholeCamera Camera, Point2[] Landmarks)>();
                for (int c = 0; c < cameras.Length; c++)
                {
                    string name = $"s{k:D6}_v{c}.png";
                    var image = renderer.Render(vertices, face.Rotation, translation, RenderCamera.Pinhole(cameras[c]), skin, light, background);
                    ImageEncoder.SavePng(image, Path.Combine(output, "images", name));
                    if (sheet.Count < DatasetJson.SheetImages)
                        sheet.Add(image);
                    var landmarks = world.Select(cameras[c].Project).ToArray();
                    views.Add(("images/" + name, cameras[c], landmarks));
                    int view = c;
                    WriteSample(json, name, cameras[c], face, translation, world, model.ExpressionNames, recipe =>
                    {
                        recipe.WriteString("kind", "multiview");
                        recipe.WriteString("group", $"s{k:D6}");
                        recipe.WriteString("views_file", $"{ViewsFolder}/s{k:D6}.json");
                        recipe.WriteNumber("view", view);
                        recipe.WriteNumber("seed", settings.Seed);
                    });
                }
                WriteViews(Path.Combine(output, ViewsFolder, $"s{k:D6}.json"), views, face, translation, world, model.ExpressionNames);
                progress?.Report(k + 1);
            }
            sheetPath = DatasetJson.Finish(json, output, sheet);
        }
        return new MultiViewRun(settings.Count, settings.Count * cameras.Length, annotations, sheetPath);
    }

    internal static Image Background(IReadOnlyList<string> backgrounds, int k, int size, IctFaceSampler sampler)
    {
        if (backgrounds.Count > 0)
            return ImageResize.Resize(FaceToolkit.LoadImage(backgrounds[k % backgrounds.Count]), size, size);
        var grey = new Image(size, size, PixelFormat.Rgb8);
        Array.Fill(grey.Data, (byte)sampler.Uniform(60, 200));
        return grey;
    }

    private static void WriteHeader(Utf8JsonWriter json, MultiViewSettings settings)
    {
        json.WriteStartObject();
        json.WriteString("dataset", "facealign synth multiview");
        json.WriteNumber("count", settings.Count);
        json.WriteNumber("views", settings.Views);
        json.WriteNumber("seed", settings.Seed);
        json.WriteString("coordinates", "image pixels, origin top-left, x right, y down; landmarks68_3d z = fx * (mean landmark depth - depth) / mean landmark depth (height toward the camera, in pixels at the face's distance)");
        json.WriteString("landmarks", "the 68 ICT-FaceKit landmark vertices (Multi-PIE semantics, fixed 3D vertices: the jaw points do not follow the silhouette), all 68 whether occluded or not");
        json.WriteString("pose", DatasetJson.PoseDescription);
        json.WriteString("camera", "pinhole: pixel = (fx X/Z + cx, fy Y/Z + cy) with (X, Y, Z) = rotation * world + translation; world in cm; head: world = head.rotation * model + head.translation");
        json.WriteString("views", "views/<group>.json holds the views of one face (cameras, exact landmarks68, truth) as `facealign fit --views` reads them");
        json.WriteStartArray("samples");
    }

    /// <summary>One rendered image's sample; <paramref name="recipe"/> writes what made it (the recipe object is opened and closed here).</summary>
    internal static void WriteSample(Utf8JsonWriter json, string image, PinholeCamera camera, SampledFace face, Vec3 translation,
        Vec3[] world, IReadOnlyList<string> expressionNames, Action<Utf8JsonWriter> recipe)
    {
        json.WriteStartObject();
        json.WriteString("image", image);
        double meanDepth = world.Average(p => camera.ToCamera(p).Z);
        json.WriteStartArray("landmarks68_3d");
        foreach (var p in world)
        {
            var q = camera.Project(p);
            DatasetJson.Numbers(json, [q.X, q.Y, camera.Fx * (meanDepth - camera.ToCamera(p).Z) / meanDepth]);
        }
        json.WriteEndArray();
        DatasetJson.Pose(json, PinholeCamera.ModelToCameraAxes * camera.R * face.Rotation);
        json.WritePropertyName("camera");
        WriteCamera(json, camera);
        json.WriteStartObject("head");
        json.WritePropertyName("rotation");
        DatasetJson.Numbers(json, face.Rotation.ToArray());
        json.WritePropertyName("translation");
        DatasetJson.Numbers(json, [translation.X, translation.Y, translation.Z]);
        json.WriteEndObject();
        DatasetJson.Params(json, face.Identity, face.Expression, expressionNames);
        json.WriteStartObject("recipe");
        recipe(json);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>A views file: the cameras and exact landmarks of each view as `fit --views` reads them, and the truth (world landmarks, head placement, params).</summary>
    internal static void WriteViews(string path, List<(string Image, PinholeCamera Camera, Point2[] Landmarks)> views, SampledFace face, Vec3 translation,
        Vec3[] world, IReadOnlyList<string> expressionNames)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartArray("views");
        for (int v = 0; v < views.Count; v++)
        {
            var (image, c, landmarks) = views[v];
            json.WriteStartObject();
            json.WriteString("name", Path.GetFileNameWithoutExtension(image));
            json.WriteString("image", "../" + image);
            json.WritePropertyName("K");
            DatasetJson.Rows(json, [c.Fx, 0, c.Cx, 0, c.Fy, c.Cy, 0, 0, 1]);
            json.WritePropertyName("R");
            DatasetJson.Rows(json, c.R.ToArray());
            json.WritePropertyName("t");
            DatasetJson.Numbers(json, [c.T.X, c.T.Y, c.T.Z]);
            json.WriteStartArray("landmarks68");
            foreach (var p in landmarks)
                DatasetJson.Numbers(json, [p.X, p.Y]);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartObject("truth");
        json.WriteStartArray("landmarks68_world");
        foreach (var p in world)
            DatasetJson.Numbers(json, [p.X, p.Y, p.Z]);
        json.WriteEndArray();
        json.WritePropertyName("head_rotation");
        DatasetJson.Rows(json, face.Rotation.ToArray());
        json.WritePropertyName("head_translation");
        DatasetJson.Numbers(json, [translation.X, translation.Y, translation.Z]);
        DatasetJson.Params(json, face.Identity, face.Expression, expressionNames);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    internal static void WriteCamera(Utf8JsonWriter json, PinholeCamera c)
    {
        json.WriteStartObject();
        json.WriteString("kind", "pinhole");
        json.WriteNumber("fx", c.Fx);
        json.WriteNumber("fy", c.Fy);
        json.WriteNumber("cx", c.Cx);
        json.WriteNumber("cy", c.Cy);
        json.WritePropertyName("rotation");
        DatasetJson.Numbers(json, c.R.ToArray());
        json.WritePropertyName("translation");
        DatasetJson.Numbers(json, [c.T.X, c.T.Y, c.T.Z]);
        json.WriteEndObject();
    }
}
