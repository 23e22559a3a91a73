using System.Text.Json;
using System.Text.Json.Nodes;
using FaceAlign3D.Cli;
using FaceAlign3D.Models;
using FaceAlign3D.Tests.Pipeline;

namespace FaceAlign3D.Tests.Cli;

/// <summary>`--aligner mediapipe` in align, bench, track and eval aflw2000-3d, end to end.</summary>
[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public sealed class MediaPipeCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("facealign-mp-cli-").FullName;

    private readonly CliRunner _cli = CliRunner.WithModels(AllModelsFolder.Path);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Align_writes_468_points_the_mapped_68_and_the_face_mesh()
    {
        string output = Path.Combine(_dir, "out");
        int code = await _cli.RunAsync(["align", SharedData.PathOf("data", "samples", "trump_hillary.jpg"), "--detector", "blazeface", "--aligner", "mediapipe",
            "--output", output, "--format", "json,csv,png,obj", "--threads", "1"]);
        Assert.Equal(0, code);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "trump_hillary.json")));
        Assert.Equal("blazeface", json.RootElement.GetProperty("detector").GetString());
        Assert.Equal("mediapipe", json.RootElement.GetProperty("aligner").GetString());
        var faces = json.RootElement.GetProperty("faces");
        Assert.Equal(2, faces.GetArrayLength());
        foreach (var face in faces.EnumerateArray())
        {
            var all = face.GetProperty("landmarks468");
            var mapped = face.GetProperty("landmarks68");
            Assert.Equal(468, all.GetArrayLength());
            Assert.Equal(68, mapped.GetArrayLength());
            // iBUG 30 (nose tip) is mesh vertex 4.
            Assert.Equal(all[4][0].GetDouble(), mapped[30][0].GetDouble());
            Assert.InRange(face.GetProperty("presence").GetDouble(), 0.5, 1);
            Assert.False(face.TryGetProperty("params62", out _));
        }
        Assert.Equal(3, File.ReadAllLines(Path.Combine(output, "summary.csv")).Length);
        var obj = File.ReadAllLines(Path.Combine(output, "trump_hillary.face0.obj"));
        Assert.Equal(468, obj.Count(l => l.StartsWith("v ")));
        Assert.Equal(898, obj.Count(l => l.StartsWith("f ")));
        Assert.True(File.Exists(Path.Combine(output, "trump_hillary.overlay.png")));
    }

    [Fact]
    public async Task Align_defaults_to_blazeface_for_mediapipe_and_takes_a_user_box()
    {
        string output = Path.Combine(_dir, "out");
        string photo = SharedData.PathOf("data", "samples", "obama_small.jpg");
        Assert.Equal(0, await _cli.RunAsync(["align", photo, "--aligner", "mediapipe", "--output", output, "--format", "json"]));
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "obama_small.json"))))
            Assert.Equal("blazeface", json.RootElement.GetProperty("detector").GetString());
        Assert.Equal(0, await _cli.RunAsync(["align", photo, "--aligner", "mediapipe", "--roi", "100,40,220,190", "--output", output, "--format", "json"]));
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "obama_small.json"))))
            Assert.Equal(468, json.RootElement.GetProperty("faces")[0].GetProperty("landmarks468").GetArrayLength());
    }

    [Fact]
    public void Bench_times_every_stage_of_the_face_mesh()
    {
        var (code, output, _) = _cli.Capture(["bench", "--aligner", "mediapipe", "--image", SharedData.PathOf("data", "samples", "obama_small.jpg"), "--iterations", "2", "--json"]);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output.ToString());
        var root = json.RootElement;
        Assert.Equal("blazeface", root.GetProperty("detector").GetString());
        Assert.Equal("mediapipe", root.GetProperty("aligner").GetString());
        Assert.Equal(1, root.GetProperty("faces").GetInt32());
        foreach (var stage in new[] { "decode", "detect", "crop", "regress", "reconstruct", "dense_mesh", "align_per_face", "total" })
            Assert.True(root.GetProperty($"{stage}_median_ms").GetDouble() > 0, stage);
    }

    [Fact]
    public async Task Track_follows_the_face_mesh_from_its_landmarks()
    {
        string frames = StillFrameFolder.Create(Path.Combine(_dir, "frames"), 4);
        string output = Path.Combine(_dir, "track");
        int code = await _cli.RunAsync(["track", frames, "--aligner", "mediapipe", "--no-video", "--output", output, "--smooth", "none", "--threads", "1"]);
        Assert.Equal(0, code);

        var lines = File.ReadAllLines(Path.Combine(output, "tracks.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(4, lines.Count);
        Assert.DoesNotContain("aligner_model_sha256", File.ReadAllText(Path.Combine(output, "summary.json")));
        Assert.All(lines, l => Assert.Single(l["faces"]!.AsArray()));
        var first = lines[0]["faces"]![0]!;
        Assert.Equal("detection", first["source"]!.GetValue<string>());
        Assert.Equal("propagation", lines[1]["faces"]![0]!["source"]!.GetValue<string>());
        Assert.Equal(468, first["landmarks468"]!.AsArray().Count);
        Assert.Equal(68, first["landmarks68"]!.AsArray().Count);
        // The same still, re-cropped from its own landmarks: the mesh stays put.
        double x0 = first["landmarks468"]![1]![0]!.GetValue<double>();
        double x3 = lines[3]["faces"]![0]!["landmarks468"]![1]![0]!.GetValue<double>();
        Assert.InRange(Math.Abs(x3 - x0), 0, 2);
    }

    [Fact]
    public async Task Eval_scores_the_face_mesh_on_full_images_through_the_68_point_table()
    {
        string data = Path.Combine(_dir, "data");
        Directory.CreateDirectory(Path.Combine(data, "images"));
        var source = JsonNode.Parse(File.ReadAllText(SharedData.PathOf("data", "aflw2000-3d", "annotations.json")))!["samples"]!.AsArray();
        var samples = new JsonArray();
        foreach (var sample in source.Take(3))
        {
            samples.Add(sample!.DeepClone());
            string image = sample["image"]!.GetValue<string>();
            File.Copy(SharedData.PathOf("data", "aflw2000-3d", "images", image), Path.Combine(data, "images", image));
        }
        File.WriteAllText(Path.Combine(data, "annotations.json"), new JsonObject { ["samples"] = samples }.ToJsonString());
        string output = Path.Combine(_dir, "eval");

        int code = await _cli.RunAsync(["eval", "aflw2000-3d", "--data", data, "--aligner", "mediapipe", "--protocol", "detect", "--threads", "1", "--output", output]);

        Assert.Equal(0, code);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        Assert.Equal(3, report.RootElement.GetProperty("counts").GetProperty("total").GetInt32());
        var items = report.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(3, items.Count);
        // The mapped 68 points of a working mesh land within 6% NME (percent in the report) on the near-frontal
        // images; the profile among them scores worse (the jaw follows the mesh silhouette) but is still scored.
        var frontal = items.Where(i => i.GetProperty("yaw_abs_deg").GetDouble() <= 30).ToList();
        Assert.NotEmpty(frontal);
        Assert.All(frontal, item => Assert.InRange(item.GetProperty("nme").GetDouble(), 0.1, 6));
        Assert.Contains("MediaPipe", File.ReadAllText(Path.Combine(output, "report.md")));
    }

    [Fact]
    public void Eval_refuses_the_3ddfa_protocol_for_mediapipe()
    {
        string output = Path.Combine(_dir, "eval");
        var (code, _, error) = _cli.Capture(["eval", "aflw2000-3d", "--data", SharedData.PathOf("data", "aflw2000-3d"), "--aligner", "mediapipe", "--protocol", "3ddfa", "--output", output]);
        Assert.Equal(2, code);
        Assert.Contains("--protocol detect", error.ToString());
        Assert.False(Directory.Exists(output));
    }
}
