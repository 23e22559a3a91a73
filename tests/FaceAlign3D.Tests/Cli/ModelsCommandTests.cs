using FaceAlign3D.Cli;
using FaceAlign3D.Models;

namespace FaceAlign3D.Tests.Cli;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public sealed class ModelsCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("facealign-models-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Verify_passes_on_the_shared_models_and_flags_a_corrupt_copy()
    {
        Assert.Equal(0, CliRunner.WithModels(SharedData.PathOf("models")).Run("models", "verify", "tddfa-mb05", "bfm-3ddfa-v2").Code);

        // A models folder whose copy of mb05 has one byte changed.
        string corrupt = Path.Combine(_dir, "tddfa_v2");
        Directory.CreateDirectory(corrupt);
        var bytes = File.ReadAllBytes(SharedData.PathOf("models", "tddfa_v2", "mb05_120x120.onnx"));
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(Path.Combine(corrupt, "mb05_120x120.onnx"), bytes);
        var (code, output, _) = CliRunner.WithModels(_dir).Capture("models", "verify", "tddfa-mb05");
        Assert.Equal(1, code);
        Assert.Contains("corrupt", output.ToString());
        Assert.Contains("SHA-256", output.ToString());
    }

    [Fact]
    public void Unknown_ids_and_non_npm_models_are_one_line_errors()
    {
        var cli = CliRunner.WithModels(SharedData.PathOf("models"));
        Assert.Equal(2, cli.Run("models", "verify", "no-such-model").Code);
        Assert.Equal(2, cli.Run("models", "fetch", "tddfa-mb05", "--into", _dir).Code);
    }
}
