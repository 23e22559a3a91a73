using System.Text.Json;

namespace FaceAlign3D.Tests.Cli;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public sealed class AlignContourTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("facealign-align-contour-").FullName;

    private readonly CliRunner _cli = CliRunner.WithModels(SharedData.PathOf("models"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<JsonElement[]> Faces(params string[] options)
    {
        string output = Path.Combine(_dir, string.Join("_", options.Prepend("default")));
        Assert.Equal(0, await _cli.RunAsync(["align", SharedData.PathOf("data", "samples", "emma.jpg"), "--output", output, "--format", "json", "--threads", "1", .. options]));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "emma.json")));
        return [.. json.RootElement.GetProperty("faces").EnumerateArray().Select(f => f.Clone())];
    }

    private static double[][] Points(JsonElement face) =>
        [.. face.GetProperty("landmarks68").EnumerateArray().Select(p => new[] { p[0].GetDouble(), p[1].GetDouble() })];

    [Fact]
    public async Task Silhouette_moves_only_the_far_side_jaw_and_says_so_in_the_json()
    {
        var plain = await Faces();
        var marched = await Faces("--contour", "silhouette");
        Assert.Equal(plain.Length, marched.Length);
        Assert.NotEmpty(plain);
        for (int f = 0; f < plain.Length; f++)
        {
            Assert.Equal("fixed", plain[f].GetProperty("contour").GetString());
            Assert.Equal("silhouette", marched[f].GetProperty("contour").GetString());
            var (before, after) = (Points(plain[f]), Points(marched[f]));
            for (int k = 17; k < 68; k++)
                Assert.Equal(before[k], after[k]);
            // emma.jpg's faces are turned by 16 to 57 degrees: the far side's jaw moves outward in the image.
            double yaw = plain[f].GetProperty("pose").GetProperty("yaw").GetDouble();
            // A positive yaw (3DDFA_V2's asin(R20)) turns the face's +x side (landmarks 9-16) toward the camera.
            int[] farSide = yaw > 0 ? [0, 1, 2, 3, 4, 5, 6, 7] : [9, 10, 11, 12, 13, 14, 15, 16];
            Assert.Contains(farSide, k => Math.Abs(after[k][0] - before[k][0]) > 0.5);
            int[] nearSide = yaw > 0 ? [8, 9, 10, 11, 12, 13, 14, 15, 16] : [0, 1, 2, 3, 4, 5, 6, 7, 8];
            Assert.All(nearSide, k => Assert.Equal(before[k], after[k]));
        }
    }

    [Fact]
    public void Silhouette_with_the_mediapipe_aligner_is_a_clear_user_error()
    {
        var (code, error) = _cli.Run("align", SharedData.PathOf("data", "samples", "emma.jpg"), "--aligner", "mediapipe", "--contour", "silhouette", "--output", Path.Combine(_dir, "mp"));
        Assert.Equal(2, code); // a user error
        Assert.Contains("tddfa", error);
    }

    [Fact]
    public void An_unknown_contour_is_refused()
    {
        string output = Path.Combine(_dir, "bad");
        var (code, _) = _cli.Run("align", SharedData.PathOf("data", "samples", "emma.jpg"), "--contour", "outline", "--output", output);
        Assert.NotEqual(0, code);
        Assert.False(Directory.Exists(output));
    }
}
