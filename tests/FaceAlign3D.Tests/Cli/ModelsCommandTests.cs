using FaceAlign3D.Cli;
using FaceAlign3D.Models;

namespace FaceAlign3D.Tests.Cli;

[Collection(CliCollection.Name)]
[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public sealed class ModelsCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("facealign-models-").FullName;

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(ModelStore.EnvironmentVariable, SharedData.PathOf("models"));
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Verify_passes_on_the_shared_models_and_flags_a_corrupt_copy()
    {
        Environment.SetEnvironmentVariable(ModelStore.EnvironmentVariable, SharedData.PathOf("models"));
        Assert.Equal(0, await CliApp.RunAsync(["models", "verify", "tddfa-mb05", "bfm-3ddfa-v2"]));

        // A models folder whose copy of mb05 has one byte changed.
        string corrupt = Path.Combine(_dir, "tddfa_v2");
        Directory.CreateDirectory(corrupt);
        var bytes = File.ReadAllBytes(SharedData.PathOf("models", "tddfa_v2", "mb05_120x120.onnx"));
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(Path.Combine(corrupt, "mb05_120x120.onnx"), bytes);
        Environment.SetEnvironmentVariable(ModelStore.EnvironmentVariable, _dir);
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        try
        {
            Assert.Equal(1, await CliApp.RunAsync(["models", "verify", "tddfa-mb05"]));
        }
        finally
        {
            Console.SetOut(previous);
        }
        Assert.Contains("corrupt", output.ToString());
        Assert.Contains("SHA-256", output.ToString());
    }

    [Fact]
    public async Task Unknown_ids_and_non_npm_models_are_one_line_errors()
    {
        Assert.Equal(2, await CliApp.RunAsync(["models", "verify", "no-such-model"]));
        Assert.Equal(2, await CliApp.RunAsync(["models", "fetch", "tddfa-mb05", "--into", _dir]));
    }
}
