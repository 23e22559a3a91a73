using System.Numerics;
using System.Text.Json;
using FaceAlign3D.Detection;

namespace FaceAlign3D.Tests.Alignment;

/// <summary>One face of MediaPipe's web-solution reference, in this library's pixel convention.</summary>
public sealed record MediaPipeReferenceFace(Vector3[] Landmarks, double[] PoseTransform)
{
    public IReadOnlyList<Vector2> Landmarks2D => Landmarks.Select(p => new Vector2(p.X, p.Y)).ToArray();

    public BoundingBox Box => MediaPipeReference.Box(Landmarks2D);
}

public sealed record MediaPipeReferenceImage(string Name, int Width, int Height, MediaPipeReferenceFace[] Faces);

/// <summary>Reads generated/mediapipe_face_mesh_reference.json (see tools/mediapipe-reference).</summary>
public static class MediaPipeReference
{
    private static readonly Lazy<MediaPipeReferenceImage[]> All = new(Load);

    public static IReadOnlyList<MediaPipeReferenceImage> Images => All.Value;

    public static MediaPipeReferenceImage Image(string name) => All.Value.Single(i => i.Name == name);

    public static BoundingBox Box(IReadOnlyList<Vector2> points) =>
        new(points.Min(p => p.X), points.Min(p => p.Y), points.Max(p => p.X), points.Max(p => p.Y));

    private static MediaPipeReferenceImage[] Load()
    {
        const string relative = "tests/FaceAlign3D.Tests/Alignment/generated/mediapipe_face_mesh_reference.json";
        string? path = null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null && path is null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, relative)))
                path = Path.Combine(dir.FullName, relative);
        var root = JsonDocument.Parse(File.ReadAllBytes(path ?? throw new FileNotFoundException(relative))).RootElement;
        return root.GetProperty("images").EnumerateArray().Select(i => new MediaPipeReferenceImage(
            i.GetProperty("image").GetString()!,
            i.GetProperty("width").GetInt32(),
            i.GetProperty("height").GetInt32(),
            i.GetProperty("faces").EnumerateArray().Select(f => new MediaPipeReferenceFace(
                // MediaPipe's pixels count from the image's top-left corner; ours from the first pixel's centre.
                f.GetProperty("landmarks").EnumerateArray().Select(p => new Vector3(p[0].GetSingle() - 0.5f, p[1].GetSingle() - 0.5f, p[2].GetSingle())).ToArray(),
                f.GetProperty("pose_transform_matrix").EnumerateArray().SelectMany(r => r.EnumerateArray().Select(v => v.GetDouble())).ToArray())).ToArray())).ToArray();
    }
}
