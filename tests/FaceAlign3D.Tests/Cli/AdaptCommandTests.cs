using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs.Png;

namespace FaceAlign3D.Tests.Cli;

/// <summary>`facealign adapt` parsing and its one-line errors; the adaptation itself is tested in FaceAlign3D.Training.Tests.</summary>
[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public sealed class AdaptCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("facealign-adapt-").FullName;
    private readonly CliRunner _cli = CliRunner.WithModels(SharedData.PathOf("models"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_missing_video_is_a_one_line_error()
    {
        var (code, error) = _cli.Run("adapt", Path.Combine(_dir, "missing.mp4"), "--output", Path.Combine(_dir, "out"));
        Assert.Equal(2, code);
        Assert.Contains("no such video or image folder", error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")));
    }

    [Fact]
    public void An_output_that_is_a_file_is_refused()
    {
        string file = Path.Combine(_dir, "taken");
        File.WriteAllText(file, "");
        var (code, error) = _cli.Run("adapt", StillFrameFolder.Create(Path.Combine(_dir, "frames"), 2), "--output", file);
        Assert.Equal(2, code);
        Assert.Contains("is a file", error);
    }

    [Fact]
    public void Frames_without_a_face_are_a_one_line_error()
    {
        string frames = Directory.CreateDirectory(Path.Combine(_dir, "blank")).FullName;
        var grey = new Image(160, 120, PixelFormat.Rgb8);
        grey.Data.AsSpan().Fill(128);
        for (int i = 0; i < 3; i++)
            File.WriteAllBytes(Path.Combine(frames, $"f{i}.png"), PngEncoder.Encode(grey));
        var (code, error) = _cli.Run("adapt", frames, "--output", Path.Combine(_dir, "out"));
        Assert.Equal(2, code);
        Assert.Contains("no face was tracked", error);
        Assert.Single(error.Trim().Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_settings_are_refused_before_any_work()
    {
        var (code, error) = _cli.Run("adapt", StillFrameFolder.Create(Path.Combine(_dir, "frames"), 2), "--output", Path.Combine(_dir, "out"), "--steps", "0");
        Assert.Equal(2, code);
        Assert.Contains("steps >= 1", error);
    }
}
