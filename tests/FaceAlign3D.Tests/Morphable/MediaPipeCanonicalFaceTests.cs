using System.Globalization;
using System.Text.RegularExpressions;
using FaceAlign3D.Formats;
using FaceAlign3D.Morphable;
using FaceAlign3D.Tests.Alignment;
using FaceAlign3D.Tests.Neural.TfLite;

namespace FaceAlign3D.Tests.Morphable;

/// <summary>The binary geometry metadata read by our protobuf reader against MediaPipe's text version and OBJ.</summary>
[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class MediaPipeCanonicalFaceTests
{
    private static readonly string Text = File.ReadAllText(SharedData.PathOf("models", "mediapipe_reference", "geometry_pipeline_metadata_landmarks.pbtxt"));

    private static IEnumerable<string> Values(string field) =>
        Regex.Matches(Text, field + @":\s*([-0-9.eE]+)").Select(m => m.Groups[1].Value);

    [Fact]
    public void Vertices_texture_coordinates_and_triangles_match_the_text_metadata()
    {
        var face = MediaPipeModels.Canonical;
        var buffer = Values("vertex_buffer").Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(468 * 5, buffer.Length);
        for (int i = 0; i < 468; i++)
        {
            Assert.Equal(buffer[5 * i], face.Vertices[i].X, 5);
            Assert.Equal(buffer[5 * i + 2], face.Vertices[i].Z, 5);
            Assert.Equal(buffer[5 * i + 4], face.TextureCoordinates[i].Y, 5);
        }
        Assert.Equal(Values("index_buffer").Select(int.Parse), face.Triangles);
    }

    [Fact]
    public void Vertices_match_the_canonical_obj_and_weights_the_procrustes_basis()
    {
        var face = MediaPipeModels.Canonical;
        var obj = File.ReadLines(SharedData.PathOf("models", "mediapipe_reference", "canonical_face_model.obj"))
            .Where(l => l.StartsWith("v ")).Select(l => l.Split(' ')[1..].Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        Assert.Equal(468, obj.Length);
        for (int i = 0; i < 468; i++)
            Assert.Equal(obj[i], new[] { face.Vertices[i].X, face.Vertices[i].Y, face.Vertices[i].Z });
        var basis = Regex.Matches(Text, @"landmark_id:\s*(\d+)\s*weight:\s*([-0-9.eE]+)");
        Assert.Equal(basis.Count, face.ProcrustesWeights.Count(w => w > 0));
        foreach (Match m in basis)
            Assert.Equal(double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), face.ProcrustesWeights[int.Parse(m.Groups[1].Value)], 6);
    }

    [Fact]
    public void Corrupt_metadata_is_reported()
    {
        var bytes = File.ReadAllBytes(MediaPipeModelFiles.PathOf(MediaPipeModelFiles.GeometryMetadata));
        Assert.Throws<ModelFormatException>(() => MediaPipeCanonicalFace.Read(bytes.AsSpan(0, bytes.Length / 2), "half.binarypb"));
        Assert.Throws<ModelFormatException>(() => MediaPipeCanonicalFace.Read([], "empty.binarypb"));
        var e = Assert.Throws<ModelFormatException>(() => MediaPipeCanonicalFace.Read([0x0a, 0xff, 0xff, 0x03], "bad.binarypb"));
        Assert.Equal("bad.binarypb", e.FileName);
    }
}
