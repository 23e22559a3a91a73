using System.Globalization;
using System.Text.Json;
using FaceAlign3D.Cli;
using FaceAlign3D.Geometry;
using FaceAlign3D.Models;
using FaceAlign3D.Morphable.IctFaceKit;
using FaceAlign3D.Tests.Fitting;

namespace FaceAlign3D.Tests.Cli;

/// <summary>`fit --landmarks 68|468|auto` on an align JSON with both landmarks68 and MediaPipe's landmarks468.</summary>
[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public sealed class FitLandmarksOptionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("facealign-fit468-").FullName;

    private readonly CliRunner _cli = CliRunner.WithModels(SharedData.PathOf("models"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Points(IEnumerable<Point2> points) =>
        "[" + string.Join(", ", points.Select(p => string.Create(CultureInfo.InvariantCulture, $"[{p.X:R}, {p.Y:R}, 0]"))) + "]";

    /// <summary>A synthetic face's 68 vertices and 468 correspondence points, orthographically projected, as an align JSON.</summary>
    private string AlignJson(bool with468)
    {
        var model = IctTestModel.Value;
        var gen = new SyntheticFaces(seed: 17);
        var face = gen.Face(30, 0, 15);
        var vertices = face.ModelVertices(model);
        var p68 = SyntheticFaces.ProjectOrthographic(face, vertices, model.Landmarks68);
        var mp = IctMediaPipeCorrespondence.LoadBuiltIn(model.VertexCount).Evaluate(vertices);
        var camera = PinholeCamera.ModelToCameraAxes;
        var p468 = Enumerable.Range(0, 468).Select(k =>
        {
            var c = camera * (face.Rotation * new Vec3(mp[3 * k], mp[3 * k + 1], mp[3 * k + 2]));
            return new Point2(face.Scale * c.X + face.Offset.X, face.Scale * c.Y + face.Offset.Y);
        });
        string dense = with468 ? $", \"landmarks468\": {Points(p468)}" : "";
        string path = Path.Combine(_dir, with468 ? "mesh.json" : "sparse.json");
        File.WriteAllText(path, $"{{\"schema_version\": 1, \"image\": \"synthetic.png\", \"width\": 500, \"height\": 500, \"faces\": [{{\"landmarks68\": {Points(p68)}{dense}}}]}}");
        return path;
    }


    private (string Landmarks, int Count, double Rms) FitJson(string input, string output, params string[] extra)
    {
        var (code, error) = _cli.Run(["fit", input, "--output", output, "--sigma", "0.05", .. extra]);
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, Path.GetFileNameWithoutExtension(input) + ".face0.fit.json")));
        var root = json.RootElement;
        var solver = root.GetProperty("solver");
        return (solver.GetProperty("landmarks").GetString()!, root.GetProperty("views")[0].GetProperty("landmarks").GetArrayLength(), solver.GetProperty("rms_px").GetDouble());
    }

    [Fact]
    public void Auto_takes_the_468_points_when_present_and_fit_json_says_which_set_was_used()
    {
        string mesh = AlignJson(with468: true);
        var auto = FitJson(mesh, Path.Combine(_dir, "auto"));
        Assert.Equal(("mediapipe468", 468), (auto.Landmarks, auto.Count));
        Assert.True(auto.Rms < 0.1, $"exact correspondence points fit to {auto.Rms} px");
        var forced = FitJson(mesh, Path.Combine(_dir, "forced68"), "--landmarks", "68");
        Assert.Equal(("multipie68", 68), (forced.Landmarks, forced.Count));
        var sparse = FitJson(AlignJson(with468: false), Path.Combine(_dir, "sparse"));
        Assert.Equal(("multipie68", 68), (sparse.Landmarks, sparse.Count));
    }

    [Fact]
    public void Asking_for_468_points_that_are_not_there_or_with_contours_is_a_usage_error()
    {
        var (code, error) = _cli.Run("fit", AlignJson(with468: false), "--output", Path.Combine(_dir, "x"), "--landmarks", "468");
        Assert.Equal(2, code);
        Assert.Contains("landmarks468", error);
        (code, error) = _cli.Run("fit", AlignJson(with468: true), "--output", Path.Combine(_dir, "y"), "--landmarks", "468", "--contours", "on");
        Assert.Equal(2, code);
        Assert.Contains("--contours", error);
        Assert.NotEqual(0, _cli.Run("fit", AlignJson(with468: true), "--landmarks", "100").Code);
    }
}
