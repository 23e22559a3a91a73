using System.Text.Json;
using FaceAlign3D.Detection;

namespace FaceAlign3D.Tests.Alignment;

/// <summary>Reads the original 3DDFA_V2 outputs stored in ../shared/reference.</summary>
public static class TddfaReference
{
    public sealed record Face(string Image, int FaceIndex, BoundingBox Box, float Score, BoundingBox Roi, float[] Params62,
        float[][] Landmarks3D, double Yaw, double Pitch, double Roll);

    public sealed record AflwImage(string Image, float[] Params62, float[][] Landmarks2D, BoundingBox Roi);

    private static readonly Lazy<IReadOnlyList<Face>> SampleFaces = new(LoadSamples);
    private static readonly Lazy<IReadOnlyList<AflwImage>> AflwImages = new(LoadAflw);

    public static IReadOnlyList<Face> Samples => SampleFaces.Value;

    public static IReadOnlyList<AflwImage> Aflw => AflwImages.Value;

    private static IReadOnlyList<Face> LoadSamples()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(SharedData.PathOf("reference", "tddfa_v2_samples.json")));
        var faces = new List<Face>();
        foreach (var image in doc.RootElement.GetProperty("images").EnumerateArray())
        {
            int index = 0;
            foreach (var f in image.GetProperty("faces").EnumerateArray())
            {
                var pose = f.GetProperty("pose_degrees");
                faces.Add(new Face(image.GetProperty("image").GetString()!, index++, Box(f.GetProperty("box")), f.GetProperty("score").GetSingle(),
                    Box(f.GetProperty("roi_box")), Floats(f.GetProperty("params62")),
                    f.GetProperty("landmarks68_3d").EnumerateArray().Select(Floats).ToArray(),
                    pose.GetProperty("yaw").GetDouble(), pose.GetProperty("pitch").GetDouble(), pose.GetProperty("roll").GetDouble()));
            }
        }
        return faces;
    }

    private static IReadOnlyList<AflwImage> LoadAflw()
    {
        using var annotations = JsonDocument.Parse(File.ReadAllBytes(SharedData.PathOf("data", "aflw2000-3d", "annotations.json")));
        var rois = annotations.RootElement.GetProperty("samples").EnumerateArray()
            .ToDictionary(s => s.GetProperty("image").GetString()!, s => Box(s.GetProperty("roi_box_3ddfa")));
        using var doc = JsonDocument.Parse(File.ReadAllBytes(SharedData.PathOf("reference", "tddfa_v2_aflw2000_dev.json")));
        return doc.RootElement.GetProperty("per_image").EnumerateObject()
            .Select(p => new AflwImage(p.Name, Floats(p.Value.GetProperty("params62")),
                p.Value.GetProperty("landmarks68_2d").EnumerateArray().Select(Floats).ToArray(), rois[p.Name]))
            .ToArray();
    }

    private static float[] Floats(JsonElement e) => e.EnumerateArray().Select(v => v.GetSingle()).ToArray();

    private static BoundingBox Box(JsonElement e)
    {
        var v = e.EnumerateArray().Select(x => x.GetDouble()).ToArray();
        return new BoundingBox(v[0], v[1], v[2], v[3]);
    }
}
