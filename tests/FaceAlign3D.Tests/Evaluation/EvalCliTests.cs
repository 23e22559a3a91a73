using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Tests.Cli;

namespace FaceAlign3D.Tests.Evaluation;

/// <summary>The `facealign eval` verbs end to end: files written, counts, exit codes.</summary>
[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public sealed class EvalCliTests : IDisposable
{
    private readonly CliRunner _cli = CliRunner.WithModels(SharedData.PathOf("models"));

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "facealign-eval-" + Guid.NewGuid().ToString("N"));

    public EvalCliTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Aflw2000CountsAMissingCropAndAMalformedAnnotationAndScoresTheRest()
    {
        // Three real dev samples (one without its crop) and one entry without landmarks.
        string data = Path.Combine(_folder, "data");
        Directory.CreateDirectory(Path.Combine(data, "crops_120"));
        var source = JsonNode.Parse(File.ReadAllText(SharedData.PathOf("data", "aflw2000-3d", "annotations.json")))!["samples"]!.AsArray();
        var samples = new JsonArray();
        for (int i = 0; i < 3; i++)
        {
            samples.Add(source[i]!.DeepClone());
            if (i < 2)
                File.Copy(SharedData.PathOf("data", "aflw2000-3d", "crops_120", source[i]!["image"]!.GetValue<string>()),
                    Path.Combine(data, "crops_120", source[i]!["image"]!.GetValue<string>()));
        }
        samples.Add(new JsonObject { ["image"] = "broken.jpg", ["pose_radians"] = new JsonObject { ["yaw"] = 0, ["pitch"] = 0, ["roll"] = 0 } });
        File.WriteAllText(Path.Combine(data, "annotations.json"), new JsonObject { ["samples"] = samples }.ToJsonString());
        string output = Path.Combine(_folder, "out");

        int code = await _cli.RunAsync(["eval", "aflw2000-3d", "--data", data, "--aligner", "tddfa", "--threads", "2",
            "--output", output, "--models", SharedData.PathOf("models")]);

        Assert.Equal(0, code);
        foreach (var file in new[] { "report.json", "report.md", "ced.svg", "ced.png" })
            Assert.True(File.Exists(Path.Combine(output, file)), file);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        var counts = report.RootElement.GetProperty("counts");
        Assert.Equal(4, counts.GetProperty("total").GetInt32());
        Assert.Equal(2, counts.GetProperty("scored").GetInt32());
        Assert.Equal(2, counts.GetProperty("failed").GetInt32());
        var failed = report.RootElement.GetProperty("failed").EnumerateArray()
            .ToDictionary(f => f.GetProperty("item").GetString()!, f => f.GetProperty("reason").GetString()!);
        string missing = source[2]!["image"]!.GetValue<string>();
        Assert.Contains("file not found", failed[missing]);
        Assert.Contains("landmarks68_3d", failed["broken.jpg"]);
        // The two scored images carry the original's per-image NME (live mb05 matches it to 1e-4 px).
        using var reference = JsonDocument.Parse(File.ReadAllText(Aflw2000ReproductionTests.ReferencePath));
        foreach (var item in report.RootElement.GetProperty("items").EnumerateArray())
        {
            double expected = reference.RootElement.GetProperty("per_image").GetProperty(item.GetProperty("image").GetString()!).GetProperty("nme").GetDouble();
            Assert.Equal(100 * expected, item.GetProperty("nme").GetDouble(), 1e-3);
        }
    }

    [Theory]
    [InlineData("--protocol", "bogus")]
    [InlineData("--threads", "0")]
    [InlineData("--annotations", "bogus")]
    public async Task BadOptionsFailWithoutWritingReports(string option, string value)
    {
        string output = Path.Combine(_folder, "out");
        int code = await _cli.RunAsync(["eval", "aflw2000-3d", "--data", SharedData.PathOf("data", "aflw2000-3d"), option, value, "--output", output]);
        Assert.NotEqual(0, code);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task MissingDataFolderIsAUserError()
    {
        int code = await _cli.RunAsync(["eval", "aflw2000-3d", "--data", Path.Combine(_folder, "absent"), "--output", Path.Combine(_folder, "out")]);
        Assert.Equal(2, code);
    }

    [Fact]
    public async Task PredictionsAgainstAflw2000AnnotationsReproduceTheOriginalSummary()
    {
        string output = Path.Combine(_folder, "out");
        int code = await _cli.RunAsync(["eval", "predictions", "--gt", SharedData.PathOf("data", "aflw2000-3d", "annotations.json"),
            "--pred", Aflw2000ReproductionTests.ReferencePath, "--output", output]);

        Assert.Equal(0, code);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        Assert.Equal(1000, report.RootElement.GetProperty("counts").GetProperty("scored").GetInt32());
        Assert.Equal(3.799, report.RootElement.GetProperty("nme_mean_of_buckets").GetDouble(), 0.01);
        Assert.True(File.Exists(Path.Combine(output, "ced.png")));
    }

    [Fact]
    public async Task PredictionsAgainstAPtsFolderScoreByFileStem()
    {
        // Ground truth: the .pts fixture; prediction: the same points moved 1 px right, so NME = 1 / sqrt(w h).
        string truthFolder = Path.Combine(_folder, "gt");
        Directory.CreateDirectory(truthFolder);
        File.Copy(SharedData.PathOf("data", "fixtures", "lfpw_eos", "image_0010.pts"), Path.Combine(truthFolder, "image_0010.pts"));
        File.WriteAllText(Path.Combine(truthFolder, "broken.pts"), "version: 1\nn_points: 68\n{\n1 2\n}\n");
        var truth = IbugPts.Read(Path.Combine(truthFolder, "image_0010.pts"));
        var shifted = new JsonArray();
        for (int i = 0; i < truth.Count; i++)
            shifted.Add(new JsonArray(truth[i, 0] + 1, truth[i, 1]));
        string prediction = Path.Combine(_folder, "pred.json");
        File.WriteAllText(prediction, new JsonObject { ["predictions"] = new JsonObject { ["image_0010.png"] = new JsonObject { ["landmarks"] = shifted } } }.ToJsonString());
        string output = Path.Combine(_folder, "out");

        int code = await _cli.RunAsync(["eval", "predictions", "--gt", truthFolder, "--pred", prediction, "--output", output]);

        Assert.Equal(0, code);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        var root = report.RootElement;
        Assert.Equal(2, root.GetProperty("counts").GetProperty("total").GetInt32());
        Assert.Equal(1, root.GetProperty("counts").GetProperty("scored").GetInt32());
        Assert.Equal("broken.pts", root.GetProperty("failed")[0].GetProperty("item").GetString());
        var (x1, y1, x2, y2) = truth.BoundingBox();
        Assert.Equal(100 / Math.Sqrt((x2 - x1) * (y2 - y1)), root.GetProperty("nme_mean_all").GetDouble(), 1e-9);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("nme_mean_of_buckets").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("items")[0].GetProperty("yaw_abs_deg").ValueKind);
    }

    [Fact]
    public async Task UnreadableGroundTruthIsAUserError()
    {
        string truth = Path.Combine(_folder, "gt.json");
        File.WriteAllText(truth, "{\"something\": 1}");
        int code = await _cli.RunAsync(["eval", "predictions", "--gt", truth, "--pred", Aflw2000ReproductionTests.ReferencePath, "--output", Path.Combine(_folder, "out")]);
        Assert.Equal(2, code);
        code = await _cli.RunAsync(["eval", "predictions", "--gt", Path.Combine(_folder, "absent.json"), "--pred", Aflw2000ReproductionTests.ReferencePath]);
        Assert.Equal(2, code);
    }
}
