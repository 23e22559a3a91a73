using System.Text.Json;
using FaceAlign3D.Alignment;
using FaceAlign3D.Fitting;
using FaceAlign3D.Geometry;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Morphable;
using FaceAlign3D.Rendering;
using FaceAlign3D.Synthesis;

namespace FaceAlign3D.Pipeline;

/// <summary>What `facealign synth ict` makes.</summary>
internal sealed record IctSettings
{
    public int Count { get; init; } = 1;

    /// <summary>Side of the square images, pixels.</summary>
    public int Size { get; init; } = 512;

    /// <summary>Side of the textures taken from the photos, pixels.</summary>
    public int TextureSize { get; init; } = 1024;

    /// <summary>Camera distance to the face, cm; the focal length makes a face about 40% of the image wide.</summary>
    public double Distance { get; init; } = 60;

    public FaceSampling Faces { get; init; } = new() { MaxYaw = 75, MaxPitch = 20, MaxRoll = 15 };

    public int Seed { get; init; }
}

/// <summary>The files an ICT run wrote.</summary>
internal sealed record IctRun(int Images, int Textures, string Annotations, string ContactSheet);

/// <summary>
/// Builds a dataset of textured ICT faces (docs/synthesis.md): every source face is fitted once and its photo
/// transferred onto the ICT UV layout (<see cref="PhotoTexture"/>); each sample draws an identity on all 100 modes, a
/// sparse expression over the 53 blendshapes, a head rotation and an SH light, wears the textures in turn, and is
/// rendered by a pinhole camera over another source photo. Landmarks follow the BFM-68 layout placed on the sampled
/// face (<see cref="IctBfm68"/>). Deterministic for a seed.
/// </summary>
internal static class IctDataset
{
    /// <param name="fitting">the ICT model, its UV layout and fitters.</param>
    /// <param name="bfm">3DDFA_V2's BFM, whose 68-landmark layout the annotations follow.</param>
    /// <param name="sources">photos with their faces' 68 landmarks: the textures, and the backgrounds.</param>
    /// <param name="settings">count, sizes and sampling.</param>
    /// <param name="output">folder for images/, annotations.json and contact_sheet.png.</param>
    /// <param name="progress">receives the number of images written.</param>
    /// <exception cref="ArgumentException">bad settings or no face in the sources.</exception>
    public static IctRun Run(FaceFitting fitting, Bfm3ddfa bfm, IReadOnlyList<SynthesisSource> sources, IctSettings settings, string output, IProgress<int>? progress = null)
    {
        DatasetSettingsChecks.RequireCount(settings.Count);
        DatasetSettingsChecks.RequireImageSize(settings.Size);
        var faces = SynthesisSources.Faces(sources, "to take a texture from");
        var model = fitting.Model;
        var fitter = fitting.FitterFor(AlignmentLayout.Tddfa68, pinhole: false);
        // One texture per source face, at most as many as there are samples.
        var textures = faces.Take(settings.Count).Select(f =>
        {
            var photo = FaceToolkit.LoadImage(f.Source.ImagePath);
            var fit = fitter.FitImage(LandmarkObservation.WithUniformSigma(f.Points), ViewCamera.Orthographic());
            return (Source: f.Source.ImagePath, Texture: PhotoTexture.Unwrap(model, fitting.Uvs, photo, fit, settings.TextureSize));
        }).ToList();
        var backgrounds = sources.Select(s => s.ImagePath).ToList();
        double focal = 1.6 * settings.Size;
        var camera = new PinholeCamera(focal, focal, (settings.Size - 1) / 2.0, (settings.Size - 1) / 2.0, PinholeCamera.ModelToCameraAxes, new Vec3(0, 0, settings.Distance));
        var sampler = new IctFaceSampler(model, settings.Seed);
        var renderer = new FaceRenderer(model, fitting.Uvs);
        var sheet = new List<Image>();
        Directory.CreateDirectory(Path.Combine(output, "images"));
        string annotations = Path.Combine(output, "annotations.json");
        string sheetPath;
        using (var stream = File.Create(annotations))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            WriteHeader(json, settings);
            for (int k = 0; k < settings.Count; k++)
            {
                var face = sampler.Face(settings.Faces);
                var light = sampler.Light();
                var (textureSource, texture) = textures[k % textures.Count];
                var vertices = face.ModelVertices(model);
                var landmarks = IctBfm68.Place(model, vertices, bfm, new Vec3(0, 0, -1)).Vertices;
                var (translation, world) = sampler.PlaceNearOrigin(face, vertices, landmarks);
                // The background is another source photo than the texture's, when there is one.
                var background = MultiViewDataset.Background(backgrounds, k + 1, settings.Size, sampler);
                string name = $"{k:D6}.png";
                var image = renderer.RenderTextured(vertices, face.Rotation, translation, RenderCamera.Pinhole(camera), texture, light, background);
                ImageEncoder.SavePng(image, Path.Combine(output, "images", name));
                if (sheet.Count < DatasetJson.SheetImages)
                    sheet.Add(image);
                MultiViewDataset.WriteSample(json, name, camera, face, translation, world, model.ExpressionNames, recipe =>
                {
                    recipe.WriteString("kind", "ict");
                    recipe.WriteString("texture_source", Path.GetFileName(textureSource));
                    recipe.WriteString("background", Path.GetFileName(backgrounds[(k + 1) % backgrounds.Count]));
                    recipe.WriteNumber("seed", settings.Seed);
                });
                progress?.Report(k + 1);
            }
            sheetPath = DatasetJson.Finish(json, output, sheet);
        }
        return new IctRun(settings.Count, textures.Count, annotations, sheetPath);
    }

    private static void WriteHeader(Utf8JsonWriter json, IctSettings settings)
    {
        json.WriteStartObject();
        json.WriteString("dataset", "facealign synth ict");
        json.WriteNumber("count", settings.Count);
        json.WriteNumber("seed", settings.Seed);
        json.WriteString("coordinates", "image pixels, origin top-left, x right, y down; landmarks68_3d z = fx * (mean landmark depth - depth) / mean landmark depth (height toward the camera, in pixels at the face's distance)");
        json.WriteString("landmarks", "the 68 landmarks as 3DDFA_V2's BFM places them (Multi-PIE semantics, fixed 3D vertices: the jaw points do not follow the silhouette), found on the sampled ICT face by fitting the BFM sparse model to it; all 68 whether occluded or not");
        json.WriteString("pose", DatasetJson.PoseDescription);
        json.WriteString("camera", "pinhole: pixel = (fx X/Z + cx, fy Y/Z + cy) with (X, Y, Z) = rotation * world + translation; world in cm; head: world = head.rotation * model + head.translation");
        json.WriteString("texture", "the photo named by recipe.texture_source, transferred onto the ICT UV layout through its fit (its shading included), lit again by a sampled SH light");
        json.WriteStartArray("samples");
    }
}
