using System.Text.Json;
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
