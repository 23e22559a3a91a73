using System.Text.Json;
using FaceAlign3D.Models;

namespace FaceAlign3D.Tests.Cli;

/// <summary>`--engine onnxruntime` and `--device` on the commands: same JSON landmarks, one-line errors.</summary>
public sealed class EngineOptionTests : IDisposable
{
    private readonly CliRunner _cli = CliRunner.WithModels(SharedData.PathOf("models"));

    private readonly string _dir = Directory.CreateTempSubdirectory("facealign-engine-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Align_json_landmarks_agree_between_the_engines_within_a_thousandth_of_a_pixel()
    {
        var managed = AlignLandmarks("managed");
        var onnxRuntime = AlignLandmarks("onnxruntime");
        Assert.Equal(3, managed.Count);
        Assert.Equal(managed.Count, onnxRuntime.Count);
        // The JSON keeps three decimals: differences of ~2e-4 px (EngineParityTests) can straddle a rounding step and
        // show as one unit of the last digit, so the bound is that unit plus the decimal parser's error.
        for (int f = 0; f < managed.Count; f++)
            for (int i = 0; i < managed[f].Length; i++)
                Assert.InRange(Math.Abs(managed[f][i] - onnxRuntime[f][i]), 0, 1e-3 + 1e-9);
    }

    [Fact]
    public void Bench_names_the_engine_it_timed()
    {
        var (code, output, _) = _cli.Capture("bench", "--engine", "onnxruntime", "--iterations", "1", "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("onnxruntime", json.RootElement.GetProperty("engine").GetString());
        Assert.True(json.RootElement.GetProperty("regress_median_ms").GetDouble() > 0);
    }

    [Fact]
    public void Cuda_needs_onnx_runtime_and_a_cuda_build()
    {
        string photo = SharedData.PathOf("data", "samples", "emma.jpg");
        // A parse error: System.CommandLine prints it to the console, not to the captured writers.
        var (code, error) = _cli.Run("align", photo, "--output", _dir, "--device", "cuda");
        Assert.NotEqual(0, code);
        Assert.False(File.Exists(Path.Combine(_dir, "emma.json")));

        (code, error) = _cli.Run("align", photo, "--output", _dir, "--engine", "onnxruntime", "--device", "cuda");
        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("FACEALIGN3D_ONNXRUNTIME_LIBRARY", error);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("corrupt")]
    public void A_missing_or_corrupt_native_library_is_one_line_advising_the_managed_engine(string kind)
    {
        // The native library loads once per process, so this runs the command in a process of its own.
        string library = Path.Combine(_dir, "libonnxruntime.so");
        if (kind == "corrupt")
            File.WriteAllBytes(library, new byte[4096]);
        var result = ExternalProcess.Run("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "facealign.dll"), "align", SharedData.PathOf("data", "samples", "emma.jpg"), "--output", _dir, "--engine", "onnxruntime"],
            new Dictionary<string, string> { ["FACEALIGN3D_ONNXRUNTIME_LIBRARY"] = library, [ModelStore.EnvironmentVariable] = SharedData.PathOf("models") });
        string error = result.Error;
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {error}{result.Output}");
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("native library could not be loaded", error);
        Assert.Contains("(--engine managed)", error);
    }

    private List<double[]> AlignLandmarks(string engine)
    {
        string output = Path.Combine(_dir, engine);
        var (code, error) = _cli.Run("align", SharedData.PathOf("data", "samples", "emma.jpg"), "--output", output, "--format", "json", "--threads", "1", "--engine", engine);
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "emma.json")));
        return json.RootElement.GetProperty("faces").EnumerateArray()
            .Select(f => f.GetProperty("landmarks68").EnumerateArray().SelectMany(p => new[] { p[0].GetDouble(), p[1].GetDouble() }).ToArray())
            .ToList();
    }
}
