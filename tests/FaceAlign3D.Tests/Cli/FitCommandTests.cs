using System.Globalization;
using System.Text;
using System.Text.Json;
using FaceAlign3D.Cli;
using FaceAlign3D.Geometry;
using FaceAlign3D.Models;
using FaceAlign3D.Tests.Fitting;
using Xunit.Abstractions;

namespace FaceAlign3D.Tests.Cli;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public sealed class FitCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("facealign-fit-").FullName;
    private readonly ITestOutputHelper _log;

    public FitCommandTests(ITestOutputHelper log)
    {
        _log = log;
    }

    private readonly CliRunner _cli = CliRunner.WithModels(SharedData.PathOf("models"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Expression of the synthetic test face: shapes whose motion the 68 landmarks see (brows, lids, jaw, lip corners).</summary>
    private static readonly Dictionary<string, double> Truth = new()
    {
        ["jawOpen"] = 0.35,
        ["mouthSmile_L"] = 0.6,
        ["mouthSmile_R"] = 0.45,
        ["browInnerUp_L"] = 0.5,
        ["browInnerUp_R"] = 0.5,
        ["eyeBlink_L"] = 0.4,
    };

    private static SyntheticFace TestFace(out double[] expression)
    {
        var model = IctTestModel.Value;
        var faces = new SyntheticFaces(11);
        expression = new double[model.ExpressionCount];
        foreach (var (name, w) in Truth)
            expression[model.ExpressionIndex(name)] = w;
        var r = Rotation.FromYawPitchRoll(SyntheticFaces.Radians(12), SyntheticFaces.Radians(-5), SyntheticFaces.Radians(3));
        return new SyntheticFace(faces.Identity(10), expression, r, Vec3.Zero, 200.0 / 15.0, new Point2(250, 240));
    }

    private static string LandmarkJson(Point2[] points) =>
        "[" + string.Join(", ", points.Select(p => string.Create(CultureInfo.InvariantCulture, $"[{p.X:R}, {p.Y:R}, 0]"))) + "]";

    private string WriteAlignJson(string name, params Point2[][] faces)
    {
        string path = Path.Combine(_dir, name);
        var body = string.Join(",\n", faces.Select(f => $"{{\"landmarks68\": {LandmarkJson(f)}}}"));
        File.WriteAllText(path, $"{{\"schema_version\": 1, \"image\": \"synthetic.png\", \"width\": 500, \"height\": 500, \"faces\": [{body}]}}");
        return path;
    }

    /// <summary>Adds the regressor's landmark_sigmas68 to the (single) face of an align JSON.</summary>
    private static string WithSigmas(string alignJson, string sigmas)
    {
        File.WriteAllText(alignJson, File.ReadAllText(alignJson).Replace("{\"landmarks68\"", $"{{\"landmark_sigmas68\": [{sigmas}], \"landmarks68\""));
        return alignJson;
    }

    [Fact]
    public void Fit_of_synthetic_landmarks_recovers_the_expression_and_writes_every_file()
    {
        var model = IctTestModel.Value;
        var face = TestFace(out var expression);
        var landmarks = SyntheticFaces.ProjectOrthographic(face, face.ModelVertices(model), model.Landmarks68);
        string input = WriteAlignJson("synthetic.json", landmarks);
        string output = Path.Combine(_dir, "out");

        var (code, error) = _cli.Run("fit", input, "--output", output, "--sigma", "0.01");
        Assert.True(code == 0, error);

        string stem = Path.Combine(output, "synthetic.face0.fit");
        using var json = JsonDocument.Parse(File.ReadAllText(stem + ".json"));
        var root = json.RootElement;
        var weights = root.GetProperty("expression");
        double maxError = 0, maxOther = 0;
        foreach (var name in model.ExpressionNames)
        {
            double fitted = weights.GetProperty(name).GetDouble(), truth = expression[model.ExpressionIndex(name)];
            maxError = Math.Max(maxError, Math.Abs(fitted - truth));
            if (truth == 0)
                maxOther = Math.Max(maxOther, fitted);
        }
        _log.WriteLine($"max |weight error| {maxError:0.0000}, max spurious weight {maxOther:0.0000}, rms {root.GetProperty("solver").GetProperty("rms_px").GetDouble():0.0000} px");
        // Exact landmarks with sigma = 0.01 px make the unit priors negligible, so the weights are identifiable up to
        // the solver's stopping tolerance (measured 4e-4). With the priors active (sigma 0.5-2 px, or auto) identity
        // and expression trade off on the 68 points and spurious weights reach 0.15-0.25 (docs/fit-output.md).
        Assert.True(maxError < 0.01, $"max weight error {maxError}");
        Assert.True(root.GetProperty("solver").GetProperty("rms_px").GetDouble() < 0.01);

        var pose = root.GetProperty("pose");
        Assert.Equal(12, pose.GetProperty("yaw").GetDouble(), 0.05);
        Assert.Equal(-5, pose.GetProperty("pitch").GetDouble(), 0.05);
        Assert.Equal(3, pose.GetProperty("roll").GetDouble(), 0.05);
        var au12 = root.GetProperty("action_units").EnumerateArray().Single(u => u.GetProperty("code").GetString() == "AU12");
        Assert.Equal((0.6 + 0.45) / 2, au12.GetProperty("intensity").GetDouble(), 0.01);
        Assert.Equal(0.6, au12.GetProperty("left").GetDouble(), 0.01);
        var view = root.GetProperty("views")[0];
        Assert.Equal(68, view.GetProperty("landmarks").GetArrayLength());
        Assert.True(root.GetProperty("asymmetry").GetProperty("blendshapes").GetProperty("index").GetDouble() > 0);
        Assert.True(root.GetProperty("tension").GetProperty("max").GetDouble() > 0.05, "an open jaw compresses and stretches the face");

        var obj = File.ReadAllLines(stem + ".obj");
        Assert.Equal(model.VertexCount, obj.Count(l => l.StartsWith("v ", StringComparison.Ordinal)));
        Assert.Equal(model.Topology.FaceCount, obj.Count(l => l.StartsWith("f ", StringComparison.Ordinal)));
        Assert.True(obj.Count(l => l.StartsWith("vt ", StringComparison.Ordinal)) > model.VertexCount, "per-corner UVs keep the seams");
        var plyHeader = Encoding.ASCII.GetString(File.ReadAllBytes(stem + ".ply"), 0, 400);
        Assert.Contains($"element vertex {model.VertexCount}", plyHeader);
        Assert.Contains("property uchar red", plyHeader);
    }

    [Fact]
    public void Predicted_sigmas_in_the_align_json_down_weigh_outliers_unless_uniform_is_asked_for()
    {
        var model = IctTestModel.Value;
        var face = TestFace(out _);
        var landmarks = SyntheticFaces.ProjectOrthographic(face, face.ModelVertices(model), model.Landmarks68);
        // The jaw (0-16) pushed 25 px sideways, as a regressor's contour error; its predicted sigmas say so.
        var moved = landmarks.Select((p, k) => k <= 16 ? new Point2(p.X + 25, p.Y) : p).ToArray();
        var sigmas = Enumerable.Range(0, 68).Select(k => k <= 16 ? "50" : "1");
        string input = WithSigmas(WriteAlignJson("outliers.json", moved), string.Join(", ", sigmas));

        double InnerRms(string sigma)
        {
            string output = Path.Combine(_dir, "out-" + sigma);
            var (code, error) = _cli.Run("fit", input, "--output", output, "--sigma", sigma);
            Assert.True(code == 0, error);
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "outliers.face0.fit.json")));
            var fitted = json.RootElement.GetProperty("views")[0].GetProperty("landmarks").EnumerateArray()
                .Select(p => p.GetProperty("projected")).Select(p => new Point2(p[0].GetDouble(), p[1].GetDouble())).ToArray();
            return Math.Sqrt(Enumerable.Range(17, 51).Average(k => Math.Pow(fitted[k].X - landmarks[k].X, 2) + Math.Pow(fitted[k].Y - landmarks[k].Y, 2)));
        }

        double predicted = InnerRms("auto"), uniform = InnerRms("uniform");
        _log.WriteLine($"inner-point RMS against the true landmarks: predicted sigmas {predicted:0.000} px, uniform {uniform:0.000} px");
        Assert.True(predicted < 0.5 * uniform, $"predicted {predicted} px vs uniform {uniform} px");
    }

    [Fact]
    public void Bad_predicted_sigmas_or_sigma_option_are_one_line_errors()
    {
        var face = TestFace(out _);
        var landmarks = SyntheticFaces.ProjectOrthographic(face, face.ModelVertices(IctTestModel.Value), IctTestModel.Value.Landmarks68);
        string input = WithSigmas(WriteAlignJson("bad.json", landmarks), "1, 2, -3");
        var (code, error) = _cli.Run("fit", input, "--output", Path.Combine(_dir, "bad"));
        Assert.Equal(2, code);
        Assert.Contains("landmark_sigmas68", error);
        Assert.Single(error.Trim().Split('\n'));

        (code, error) = _cli.Run("fit", WriteAlignJson("good.json", landmarks), "--sigma", "wide", "--output", Path.Combine(_dir, "bad2"));
        Assert.Equal(2, code);
        Assert.Contains("'wide'", error);
    }

    [Fact]
    public void Fit_of_a_sample_photo_gives_finite_outputs()
    {
        string output = Path.Combine(_dir, "photo");
        var (code, error) = _cli.Run("fit", SharedData.PathOf("data", "samples", "obama_small.jpg"), "--output", output);
        Assert.True(code == 0, error);
        Assert.True(File.Exists(Path.Combine(output, "obama_small.json")), "the align JSON is kept beside the fit");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "obama_small.face0.fit.json")));
        int numbers = CountNumbers(json.RootElement);
        Assert.True(numbers > 700, $"{numbers} numbers");
        double rms = json.RootElement.GetProperty("solver").GetProperty("rms_px").GetDouble();
        _log.WriteLine($"obama_small: {numbers} numbers, landmark RMS {rms:0.00} px");
        Assert.InRange(rms, 0, 10);
        Assert.True(new FileInfo(Path.Combine(output, "obama_small.face0.fit.ply")).Length > 500_000);
    }

    [Fact]
    public void Align_with_ict_fit_writes_the_fit_beside_the_align_outputs()
    {
        string output = Path.Combine(_dir, "align");
        var (code, error) = _cli.Run("align", SharedData.PathOf("data", "samples", "obama_small.jpg"), "--output", output, "--format", "json", "--threads", "1", "--fit", "ict");
        Assert.True(code == 0, error);
        Assert.True(File.Exists(Path.Combine(output, "obama_small.json")));
        foreach (var ext in new[] { "json", "obj", "ply" })
            Assert.True(File.Exists(Path.Combine(output, $"obama_small.face0.fit.{ext}")), ext);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "obama_small.face0.fit.json")));
        Assert.Equal("scaled_orthographic", json.RootElement.GetProperty("solver").GetProperty("projection").GetString());
        Assert.Equal(2, _cli.Run("align", SharedData.PathOf("data", "samples", "obama_small.jpg"), "--output", output, "--fit", "flame").Code);
    }

    /// <summary>Counts numeric leaves, asserting each is finite (JSON cannot hold NaN, but a huge value would be a bug).</summary>
    private static int CountNumbers(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Number:
                Assert.True(double.IsFinite(e.GetDouble()) && Math.Abs(e.GetDouble()) < 1e7, e.GetRawText());
                return 1;
            case JsonValueKind.Array:
                return e.EnumerateArray().Sum(CountNumbers);
            case JsonValueKind.Object:
                return e.EnumerateObject().Sum(p => CountNumbers(p.Value));
            default:
                return 0;
        }
    }

    private static string Camera(PinholeCamera c) => string.Create(CultureInfo.InvariantCulture,
        $"\"K\": [[{c.Fx}, 0, {c.Cx}], [0, {c.Fy}, {c.Cy}], [0, 0, 1]], \"R\": [[{c.R.M00:R}, {c.R.M01:R}, {c.R.M02:R}], [{c.R.M10:R}, {c.R.M11:R}, {c.R.M12:R}], [{c.R.M20:R}, {c.R.M21:R}, {c.R.M22:R}]], \"t\": [{c.T.X:R}, {c.T.Y:R}, {c.T.Z:R}]");

    /// <summary>Three cameras 60 cm from the head at -30, 0, 30 degrees around it, looking at it.</summary>
    private static PinholeCamera[] Rig() => [.. new[] { -30.0, 0, 30 }.Select(deg =>
    {
        var r = PinholeCamera.ModelToCameraAxes * Rotation.FromYawPitchRoll(SyntheticFaces.Radians(deg), 0, 0);
        return new PinholeCamera(1000, 1000, 320, 240, r, new Vec3(0, 0, 60));
    })];

    [Fact]
    public void Views_file_runs_the_joint_fit_and_reports_consistency()
    {
        var model = IctTestModel.Value;
        var face = TestFace(out _);
        var vertices = face.ModelVertices(model);
        var cameras = Rig();
        var views = cameras.Select((c, v) =>
        {
            var points = model.Landmarks68.Select(i => c.Project(new Vec3(vertices[3 * i], vertices[3 * i + 1], vertices[3 * i + 2]))).ToArray();
            return $"{{\"name\": \"cam{v}\", \"landmarks68\": {LandmarkJson(points)}, {Camera(c)}}}";
        });
        string path = Path.Combine(_dir, "views.json");
        File.WriteAllText(path, $"{{\"views\": [{string.Join(",\n", views)}]}}");
        string output = Path.Combine(_dir, "mv");

        var (code, error) = _cli.Run("fit", "--views", path, "--output", output, "--sigma", "0.5");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "views.fit.json")));
        var root = json.RootElement;
        Assert.Equal("multi_view", root.GetProperty("solver").GetProperty("kind").GetString());
        Assert.Equal(3, root.GetProperty("views").GetArrayLength());
        // Exact projections of one rigid shape: the leave-one-view-out DLT reprojects to within rounding.
        Assert.True(root.GetProperty("consistency").GetProperty("mean_px").GetDouble() < 1e-3);
        Assert.True(root.GetProperty("solver").GetProperty("rms_px").GetDouble() < 0.5);
        Assert.Equal(0.35, root.GetProperty("expression").GetProperty("jawOpen").GetDouble(), 0.08);
    }

    [Fact]
    public void A_views_file_with_a_wrong_landmark_count_is_a_one_line_error()
    {
        var camera = Rig()[1];
        var short67 = LandmarkJson(Enumerable.Range(0, 67).Select(k => new Point2(k, k)).ToArray());
        var full = LandmarkJson(Enumerable.Range(0, 68).Select(k => new Point2(k, 2 * k)).ToArray());
        string path = Path.Combine(_dir, "bad_views.json");
        File.WriteAllText(path, $"{{\"views\": [{{\"landmarks68\": {full}, {Camera(camera)}}}, {{\"landmarks68\": {short67}, {Camera(camera)}}}]}}");

        var (code, error) = _cli.Run("fit", "--views", path, "--output", Path.Combine(_dir, "bad"));
        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("views[1].landmarks68 has 67 landmarks, expected 68", error);
    }

    [Fact]
    public void Input_and_views_together_or_neither_are_usage_errors()
    {
        Assert.Equal(2, _cli.Run("fit", "--output", _dir).Code);
        Assert.Equal(2, _cli.Run("fit", "a.json", "--views", "v.json", "--output", _dir).Code);
        Assert.Equal(2, _cli.Run("fit", Path.Combine(_dir, "absent.json"), "--output", _dir).Code);
    }

    [Fact]
    public void Track_with_ict_fit_adds_blendshape_weights_to_every_face()
    {
        // A synthetic clip: one photo repeated, shifted by a few pixels per frame.
        string frames = Path.Combine(_dir, "clip");
        Directory.CreateDirectory(frames);
        var photo = FaceAlign3D.Imaging.Codecs.ImageDecoder.Load(SharedData.PathOf("data", "samples", "obama_small.jpg"));
        for (int f = 0; f < 5; f++)
            FaceAlign3D.Imaging.Codecs.ImageEncoder.SavePng(Shift(photo, 2 * f), Path.Combine(frames, $"frame{f:00}.png"));
        string output = Path.Combine(_dir, "track");

        var (code, error) = _cli.Run("track", frames, "--output", output, "--no-video", "--fit", "ict", "--smooth", "none");
        Assert.True(code == 0, error);
        var lines = File.ReadAllLines(Path.Combine(output, "tracks.jsonl"));
        Assert.Equal(5, lines.Length);
        int fitted = 0;
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            foreach (var face in doc.RootElement.GetProperty("faces").EnumerateArray())
            {
                var fit = face.GetProperty("fit");
                var weights = fit.GetProperty("blendshapes");
                Assert.Equal(53, weights.EnumerateObject().Count());
                Assert.All(weights.EnumerateObject(), w => Assert.InRange(w.Value.GetDouble(), 0, 1));
                Assert.InRange(fit.GetProperty("rms_px").GetDouble(), 0, 10);
                fitted++;
            }
        }
        Assert.Equal(5, fitted);
        using var identities = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "tracks.fit.json")));
        var track = identities.RootElement.GetProperty("tracks").EnumerateArray().Single();
        Assert.Equal(5, track.GetProperty("frames").GetInt32());
        Assert.Equal(30, track.GetProperty("identity").GetArrayLength());
    }

    private static FaceAlign3D.Imaging.Image Shift(FaceAlign3D.Imaging.Image image, int dx)
    {
        var rgb = FaceAlign3D.Imaging.PixelConversion.ToRgb8(image);
        var shifted = new FaceAlign3D.Imaging.Image(rgb.Width, rgb.Height, FaceAlign3D.Imaging.PixelFormat.Rgb8);
        for (int y = 0; y < rgb.Height; y++)
            rgb.Row(y)[..(3 * (rgb.Width - dx))].CopyTo(shifted.Row(y)[(3 * dx)..]);
        return shifted;
    }
}
