using System.Text.Json;

namespace FaceAlign3D.Tests.Cli;

/// <summary>`facealign synth` parses its options and hands them to the dataset builders.</summary>
public sealed class SynthCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"facealign-synth-cli-{Guid.NewGuid():N}");
    private readonly CliRunner _cli = CliRunner.WithModels(SharedData.PathOf("models"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Multiview_writes_the_asked_views_over_the_given_backgrounds()
    {
        var (code, output, error) = _cli.Capture("synth", "multiview", "--from", SharedData.PathOf("data", "samples"), "--output", _dir,
            "--count", "2", "--views", "4", "--size", "128", "--seed", "9");
        Assert.True(code == 0, error);
        Assert.Contains("2 faces, 8 images", output);
        Assert.Equal(8, Directory.GetFiles(Path.Combine(_dir, "images")).Length);
        using var views = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "views", "s000001.json")));
        Assert.Equal(4, views.RootElement.GetProperty("views").GetArrayLength());
        Assert.True(File.Exists(Path.Combine(_dir, "contact_sheet.png")));
    }

    [Fact]
    public void Video_aligns_a_photo_without_landmarks_and_writes_its_frames()
    {
        string from = Path.Combine(_dir, "from");
        Directory.CreateDirectory(from);
        File.Copy(SharedData.PathOf("data", "samples", "obama_small.jpg"), Path.Combine(from, "obama_small.jpg"));
        var (code, output, error) = _cli.Capture("synth", "video", "--from", from, "--output", Path.Combine(_dir, "out"), "--frames", "3", "--yaw", "20");
        Assert.True(code == 0, error);
        Assert.Contains("1 clips, 3 frames", output);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(_dir, "out", "images", "c000000")).Length);
    }

    [Fact]
    public void Profile_leaves_out_the_held_out_fold_and_turns_to_the_target_yaws()
    {
        // The first six faces of 300-W in path order: with --folds 5 --holdout-fold 0, faces 0 and 5 are held out.
        string from = Path.Combine(_dir, "from");
        var first = Directory.EnumerateFiles(SharedData.PathOf("data", "300w"), "*.pts", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(6).ToArray();
        foreach (var pts in first)
        {
            string target = Path.Combine(from, Path.GetRelativePath(SharedData.PathOf("data", "300w"), pts));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(pts, target);
            File.Copy(Path.ChangeExtension(pts, ".jpg"), Path.ChangeExtension(target, ".jpg"));
        }
        var (code, output, error) = _cli.Capture("synth", "profile", "--from", from, "--output", Path.Combine(_dir, "out"),
            "--folds", "5", "--holdout-fold", "0", "--target-yaw", "30", "75", "--pitch", "0", "--count", "4", "--seed", "2");
        Assert.True(code == 0, error);
        Assert.Contains("4 samples", output);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "out", "annotations.json")));
        var samples = doc.RootElement.GetProperty("samples").EnumerateArray().ToArray();
        Assert.Equal(first[1..5].Select(p => Path.GetFileName(Path.ChangeExtension(p, ".jpg"))),
            samples.Select(s => Path.GetFileName(s.GetProperty("recipe").GetProperty("source_image").GetString())));
        Assert.All(samples, s => Assert.InRange(Math.Abs(s.GetProperty("pose_radians").GetProperty("yaw").GetDouble() * 180 / Math.PI), 28, 77));
    }

    [Theory]
    [InlineData("profile", "--folds", "1")]
    [InlineData("multiview", "--views", "1")]
    [InlineData("multiview", "--count", "0")]
    [InlineData("video", "--frames", "1")]
    [InlineData("video", "--yaw", "80")]
    public void Bad_settings_are_one_line_errors(string command, string option, string value)
    {
        string from = Path.Combine(_dir, "from");
        Directory.CreateDirectory(from);
        File.Copy(SharedData.PathOf("data", "samples", "obama_small.jpg"), Path.Combine(from, "obama_small.jpg"), overwrite: true);
        var (code, error) = _cli.Run("synth", command, "--from", from, "--output", Path.Combine(_dir, "out"), option, value);
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", error);
        Assert.Single(error.Trim().Split('\n'));
    }
}
