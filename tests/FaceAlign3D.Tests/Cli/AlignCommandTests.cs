using System.Text.Json;
using FaceAlign3D.Cli;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Models;
using FaceAlign3D.Pipeline;

namespace FaceAlign3D.Tests.Cli;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public sealed class AlignCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("facealign-align-").FullName;

    private readonly CliRunner _cli = CliRunner.WithModels(SharedData.PathOf("models"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_sample_photo_gives_json_csv_overlay_and_meshes()
    {
        string output = Path.Combine(_dir, "out");
        int code = await _cli.RunAsync(["align", SharedData.PathOf("data", "samples", "trump_hillary.jpg"), "--output", output, "--format", "json,csv,png,obj,ply", "--threads", "1"]);
        Assert.Equal(0, code);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "trump_hillary.json")));
        var root = json.RootElement;
        Assert.Equal(1536, root.GetProperty("width").GetInt32());
        var faces = root.GetProperty("faces");
        Assert.Equal(2, faces.GetArrayLength());
        foreach (var face in faces.EnumerateArray())
        {
            Assert.Equal(68, face.GetProperty("landmarks68").GetArrayLength());
            Assert.Equal(62, face.GetProperty("params62").GetArrayLength());
            Assert.Equal(3, face.GetProperty("pose").GetProperty("rotation").GetArrayLength());
        }
        var csv = File.ReadAllLines(Path.Combine(output, "summary.csv"));
        Assert.Equal(3, csv.Length);
        Assert.StartsWith("image,face,x1,y1,x2,y2,score,yaw,pitch,roll,x0,y0,z0", csv[0]);
        var overlay = ImageDecoder.Load(Path.Combine(output, "trump_hillary.overlay.png"));
        Assert.Equal((1536, 689), (overlay.Width, overlay.Height));
        Assert.True(File.Exists(Path.Combine(output, "trump_hillary.face1.obj")));
        Assert.True(File.Exists(Path.Combine(output, "trump_hillary.face0.ply")));
    }

    [Fact]
    public async Task An_image_without_faces_succeeds_with_an_empty_list()
    {
        string input = Path.Combine(_dir, "tiny.png");
        ImageEncoder.SavePng(new Image(8, 8, PixelFormat.Rgb8), input);
        string output = Path.Combine(_dir, "out");
        Assert.Equal(0, await _cli.RunAsync(["align", input, "--output", output, "--format", "json"]));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "tiny.json")));
        Assert.Equal(0, json.RootElement.GetProperty("faces").GetArrayLength());
    }

    [Fact]
    public void Unreadable_and_missing_inputs_fail_without_stopping_the_others()
    {
        string broken = Path.Combine(_dir, "broken.jpg");
        File.WriteAllBytes(broken, [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 1, 2]);
        string good = Path.Combine(_dir, "good.png");
        ImageEncoder.SavePng(new Image(16, 16, PixelFormat.Rgb8), good);
        string output = Path.Combine(_dir, "out");
        var (code, error) = _cli.Run("align", broken, good, Path.Combine(_dir, "absent.png"), "--output", output, "--format", "json");
        Assert.Equal(1, code);
        Assert.True(File.Exists(Path.Combine(output, "good.json")));
        Assert.False(File.Exists(Path.Combine(output, "broken.json")));
        string text = error;
        Assert.Contains("broken.jpg", text);
        Assert.Contains("absent.png", text);
        Assert.DoesNotContain("   at ", text);
    }

    [Fact]
    public async Task Bad_options_are_one_line_errors()
    {
        Assert.Equal(2, await _cli.RunAsync(["align", SharedData.PathOf("data", "samples", "obama_small.jpg"), "--roi", "5,5,1,1", "--output", _dir]));
        Assert.Equal(2, await _cli.RunAsync(["align", SharedData.PathOf("data", "samples", "obama_small.jpg"), "--format", "gif", "--output", _dir]));
    }

    [Fact]
    public void A_missing_model_names_the_model_and_how_to_get_it()
    {
        var store = new ModelStore([Path.Combine(_dir, "no-models")]);
        var e = Assert.Throws<ModelNotFoundException>(() => AnalyzerFactory.Create(store, new AnalyzerOptions()));
        Assert.Contains("faceboxes", e.Message);
        Assert.Contains("FACEALIGN3D_MODELS", e.Message);
    }

    [Fact]
    public async Task A_user_box_skips_detection()
    {
        string output = Path.Combine(_dir, "out");
        int code = await _cli.RunAsync(["align", SharedData.PathOf("data", "samples", "obama_small.jpg"), "--roi", "100,40,220,190", "--output", output, "--format", "json"]);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "obama_small.json")));
        var face = json.RootElement.GetProperty("faces").EnumerateArray().Single();
        Assert.Equal(100, face.GetProperty("box")[0].GetDouble());
        Assert.Equal(1, face.GetProperty("score").GetDouble());
    }
}
