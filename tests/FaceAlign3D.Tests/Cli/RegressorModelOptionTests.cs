using System.Text.Json;
using System.Text.RegularExpressions;
using FaceAlign3D.Cli;
using FaceAlign3D.Models;

namespace FaceAlign3D.Tests.Cli;

/// <summary>`--model FILE` swaps the tddfa regressor and the outputs name it by SHA-256.</summary>
[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public sealed class RegressorModelOptionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("facealign-model-").FullName;

    private readonly CliRunner _cli = CliRunner.WithModels(SharedData.PathOf("models"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Align_with_a_copied_regressor_records_its_sha256_and_gives_the_same_landmarks()
    {
        string model = Path.Combine(_dir, "trained.onnx");
        File.Copy(SharedData.PathOf("models", "tddfa_v2", "mb05_120x120.onnx"), model);
        File.AppendAllText(model, "");
        string photo = SharedData.PathOf("data", "samples", "emma.jpg");
        Assert.Equal(0, await _cli.RunAsync(["align", photo, "--output", Path.Combine(_dir, "a"), "--format", "json", "--threads", "1"]));
        Assert.Equal(0, await _cli.RunAsync(["align", photo, "--output", Path.Combine(_dir, "b"), "--format", "json", "--threads", "1", "--model", model]));

        using var store = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "a", "emma.json")));
        using var custom = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "b", "emma.json")));
        Assert.Equal(FileChecksum.Sha256(model), custom.RootElement.GetProperty("aligner_model_sha256").GetString());
        Assert.Equal(store.RootElement.GetProperty("aligner_model_sha256").GetString(), custom.RootElement.GetProperty("aligner_model_sha256").GetString());
        Assert.Equal(store.RootElement.GetProperty("faces").GetRawText(), custom.RootElement.GetProperty("faces").GetRawText());
    }

    [Fact]
    public async Task Align_takes_a_regressor_by_model_id_and_records_that_file()
    {
        string photo = SharedData.PathOf("data", "samples", "emma.jpg");
        Assert.Equal(0, await CliRunner.Default.RunAsync(["align", photo, "--output", _dir, "--format", "json", "--threads", "1", "--model", ModelIds.Mb05FineTuned]));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "emma.json")));
        Assert.Equal(ModelManifest.Get(ModelIds.Mb05FineTuned).Files.Single().Sha256, json.RootElement.GetProperty("aligner_model_sha256").GetString());
        Assert.Equal(68, json.RootElement.GetProperty("faces")[0].GetProperty("landmarks68").GetArrayLength());
    }

    [Fact]
    public async Task Track_records_the_regressor_it_ran_in_its_summary()
    {
        string frames = StillFrameFolder.Create(Path.Combine(_dir, "frames"), 2);
        string output = Path.Combine(_dir, "track");
        Assert.Equal(0, await CliRunner.Default.RunAsync(["track", frames, "--no-video", "--output", output, "--threads", "1", "--model", ModelIds.Mb05FineTuned]));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        Assert.Equal(ModelManifest.Get(ModelIds.Mb05FineTuned).Files.Single().Sha256, summary.RootElement.GetProperty("aligner_model_sha256").GetString());
        Assert.Equal(2, summary.RootElement.GetProperty("frames").GetInt32());
    }

    [Fact]
    public void Bench_names_the_regressor_it_timed()
    {
        string photo = SharedData.PathOf("data", "samples", "obama_small.jpg");
        var (code, output, _) = CliRunner.Default.Capture(["bench", "--image", photo, "--iterations", "1", "--json", "--model", ModelIds.Mb05FineTuned]);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal(ModelManifest.Get(ModelIds.Mb05FineTuned).Files.Single().Sha256, json.RootElement.GetProperty("aligner_model_sha256").GetString());

        (code, output, _) = _cli.Capture(["bench", "--image", photo, "--iterations", "1"]);
        Assert.Equal(0, code);
        // The console wraps the header line at its width.
        Assert.Contains($"aligner model sha256 {FileChecksum.Sha256(SharedData.PathOf("models", "tddfa_v2", "mb05_120x120.onnx"))}", Regex.Replace(output, @"\s+", " "));
    }

    [Fact]
    public void Model_with_the_mediapipe_aligner_or_a_missing_file_is_a_one_line_error()
    {
        var (code, error) = _cli.Run("align", SharedData.PathOf("data", "samples", "emma.jpg"), "--aligner", "mediapipe", "--model", "x.onnx", "--output", _dir);
        Assert.Equal(2, code);
        Assert.Contains("does not apply to --aligner mediapipe", error);
        (code, error) = _cli.Run("align", SharedData.PathOf("data", "samples", "emma.jpg"), "--model", Path.Combine(_dir, "none.onnx"), "--output", _dir);
        Assert.Equal(2, code);
        Assert.Contains("no such file", error);
    }
}
