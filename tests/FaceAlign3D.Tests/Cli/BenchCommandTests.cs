using System.Text.Json;
using FaceAlign3D.Cli;
using FaceAlign3D.Models;
using FaceAlign3D.Tests.Neural.TfLite;

namespace FaceAlign3D.Tests.Cli;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public sealed class BenchCommandTests
{
    private readonly CliRunner _cli = CliRunner.WithModels(SharedData.PathOf("models"));

    [Fact]
    public void Pipeline_bench_reports_every_stage_as_json()
    {
        var (code, output, _) = _cli.Capture(["bench", "--image", SharedData.PathOf("data", "samples", "obama_small.jpg"), "--iterations", "2", "--json"]);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output.ToString());
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("faces").GetInt32());
        foreach (var stage in new[] { "decode", "detect", "crop", "regress", "reconstruct", "dense_mesh", "align_per_face", "total", "align_given_box" })
        {
            double median = root.GetProperty($"{stage}_median_ms").GetDouble();
            Assert.True(median > 0, $"{stage} median {median}");
            Assert.True(root.GetProperty($"{stage}_p10_ms").GetDouble() <= root.GetProperty($"{stage}_p90_ms").GetDouble());
        }
        Assert.True(root.GetProperty("fps").GetDouble() > 0);
    }

    [Fact]
    public void Model_bench_times_a_tflite_file_without_allocating()
    {
        var (code, output, _) = _cli.Capture(["bench", "model", MediaPipeModelFiles.PathOf(MediaPipeModelFiles.FaceDetection), "--iterations", "3", "--json"]);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal([1, 3, 128, 128], json.RootElement.GetProperty("input_shapes").GetProperty("input").EnumerateArray().Select(d => d.GetInt32()));
        Assert.True(json.RootElement.GetProperty("median_ms").GetDouble() > 0);
        Assert.Equal(0, json.RootElement.GetProperty("allocated_bytes_per_run").GetInt64());
    }

    [Fact]
    public async Task Bench_of_a_missing_photo_is_a_one_line_error()
    {
        Assert.Equal(2, await _cli.RunAsync(["bench", "--image", "/nonexistent/photo.jpg", "--iterations", "1"]));
    }
}
