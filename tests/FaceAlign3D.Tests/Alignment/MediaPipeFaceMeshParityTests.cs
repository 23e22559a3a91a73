using System.Numerics;
using System.Text.Json;
using FaceAlign3D.Detection;
using FaceAlign3D.Imaging.Codecs;
using Xunit.Abstractions;

namespace FaceAlign3D.Tests.Alignment;

/// <summary>
/// BlazeFace + face mesh on our engine against MediaPipe's own web solution on the sample photos
/// (generated/mediapipe_face_mesh_reference.json): faces matched by landmark-box overlap, mean landmark distance
/// in pixels per face.
/// </summary>
public class MediaPipeFaceMeshParityTests(ITestOutputHelper output)
{
    private const double MaxMeanErrorPixels = 1.5;

    public static IEnumerable<object[]> Images() =>
        ReferenceImages().Select(i => new object[] { i.GetProperty("image").GetString()! });

    private static IEnumerable<JsonElement> ReferenceImages()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Alignment", "generated", "mediapipe_face_mesh_reference.json");
        if (!File.Exists(path))
            path = Path.Combine(FindRepositoryFile("tests/FaceAlign3D.Tests/Alignment/generated/mediapipe_face_mesh_reference.json"));
        return JsonDocument.Parse(File.ReadAllBytes(path)).RootElement.GetProperty("images").EnumerateArray().ToList();
    }

    private static string FindRepositoryFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, relative)))
                return Path.Combine(dir.FullName, relative);
        throw new FileNotFoundException(relative);
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Landmarks_match_mediapipe_within_one_and_a_half_pixels(string imageName)
    {
        var reference = ReferenceImages().Single(i => i.GetProperty("image").GetString() == imageName);
        var image = ImageDecoder.Load(SharedData.PathOf("data", "samples", imageName));
        var faces = MediaPipeModels.Detector.Detect(image);
        var aligner = MediaPipeModels.Aligner;
        var ours = faces.Select(f => aligner.Align(image, f)).ToList();
        Assert.Equal(reference.GetProperty("faces").GetArrayLength(), ours.Count);
        foreach (var face in reference.GetProperty("faces").EnumerateArray())
        {
            // MediaPipe's pixel coordinates count from the top-left corner of the image; ours from the first pixel's centre.
            var expected = face.GetProperty("landmarks").EnumerateArray()
                .Select(p => new Vector2(p[0].GetSingle() - 0.5f, p[1].GetSingle() - 0.5f)).ToArray();
            var box = Box(expected);
            var match = ours.OrderByDescending(a => Box(a.Landmarks2D).IntersectionOverUnion(box)).FirstOrDefault();
            Assert.True(match is not null && Box(match.Landmarks2D).IntersectionOverUnion(box) > 0.5, $"{imageName}: no face of ours overlaps the reference face at {box}");
            var actual = match!.Landmarks2D;
            double mean = expected.Select((p, i) => Vector2.Distance(p, actual[i])).Average();
            output.WriteLine($"{imageName} face at {box}: mean landmark error {mean:0.000} px (box {box.Width:0} px wide), presence {match.Confidence:0.000}");
            Assert.True(mean < MaxMeanErrorPixels, $"{imageName}: mean landmark error {mean:0.000} px");
        }
    }

    private static BoundingBox Box(IReadOnlyList<Vector2> points) =>
        new(points.Min(p => p.X), points.Min(p => p.Y), points.Max(p => p.X), points.Max(p => p.Y));
}
