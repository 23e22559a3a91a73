using System.Text.Json;
using FaceAlign3D.Geometry;
using FaceAlign3D.Morphable;
using FaceAlign3D.Morphable.IctFaceKit;
using FaceAlign3D.Pipeline;
using FaceAlign3D.Synthesis;
using FaceAlign3D.Tests.Fitting;

namespace FaceAlign3D.Tests.Synthesis;

public sealed class ProfileDatasetTests
{
    /// <summary>One AFLW2000-3D dev photo with its re-annotated 68 points.</summary>
    internal static SynthesisSource[] Sources()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedData.PathOf("data", "aflw2000-3d", "annotations.json")));
        var sample = doc.RootElement.GetProperty("samples").EnumerateArray().First(s => s.GetProperty("image").GetString() == "image00014.jpg");
        var points = sample.GetProperty("landmarks68_2d_reannotated").EnumerateArray().Select(p => new Point2(p[0].GetDouble(), p[1].GetDouble())).ToArray();
        return [new SynthesisSource(SharedData.PathOf("data", "aflw2000-3d", "images", "image00014.jpg"), [points])];
    }

    /// <summary>3DDFA_V2's BFM, whose 68-landmark layout the profiled annotations follow.</summary>
    internal static Bfm3ddfa Bfm() => Bfm3ddfa.Load(SharedData.PathOf("models", "tddfa_v2", "bfm_3ddfa_v2.safetensors"));

    internal static FaceFitting Fitting() => new(IctTestModel.Value, IctUvLayout.Load(SharedData.PathOf("models", "ict_facekit", "ict_face_model.safetensors"), IctTestModel.Value.Topology.FaceCount));

    [Fact]
    public void WritesAflwStyleAnnotationsDeterministically()
    {
        var root = Directory.CreateTempSubdirectory("facealign-profile-test-").FullName;
        try
        {
            var settings = new ProfileSettings { Count = 2, Seed = 5 };
            var fitting = Fitting();
            var a = ProfileDataset.Run(fitting, Bfm(), Sources(), settings, Path.Combine(root, "a"));
            ProfileDataset.Run(fitting, Bfm(), Sources(), settings, Path.Combine(root, "b"));
            Assert.Equal(File.ReadAllBytes(a.Annotations), File.ReadAllBytes(Path.Combine(root, "b", "annotations.json")));
            Assert.Equal(File.ReadAllBytes(Path.Combine(root, "a", "images", "000001.png")), File.ReadAllBytes(Path.Combine(root, "b", "images", "000001.png")));
            Assert.True(File.Exists(a.ContactSheet));
            using var doc = JsonDocument.Parse(File.ReadAllText(a.Annotations));
            var samples = doc.RootElement.GetProperty("samples");
            Assert.Equal(2, samples.GetArrayLength());
            var first = samples[0];
            Assert.Equal("000000.png", first.GetProperty("image").GetString());
            // Read back as AFLW2000-3D is: names relative to images/.
            Assert.Equal(2, FaceAlign3D.Evaluation.Datasets.Aflw2000Dataset.Load(Path.Combine(root, "a")).Samples.Count);
            Assert.Equal(68, first.GetProperty("landmarks68_3d").GetArrayLength());
            Assert.Equal(3, first.GetProperty("landmarks68_3d")[0].GetArrayLength());
            foreach (var key in new[] { "pitch", "yaw", "roll" })
                Assert.True(first.GetProperty("pose_radians").TryGetProperty(key, out _));
            double yaw = first.GetProperty("recipe").GetProperty("yaw_degrees").GetDouble();
            Assert.InRange(Math.Abs(yaw), 0, 75);
            Assert.Equal(9, first.GetProperty("camera").GetProperty("rotation").GetArrayLength());
            Assert.True(first.GetProperty("params").GetProperty("identity").GetArrayLength() > 0);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Turned_by_nothing_the_truth_is_AFLW2000_3Ds_layout()
    {
        // The BFM-68 placement puts the jaw where AFLW2000-3D's BFM fits put it, in depth too: the ICT landmark
        // vertices (the earlier annotation) sat 13.9% of the face size off in jaw depth on this photo.
        var root = Directory.CreateTempSubdirectory("facealign-profile-truth-").FullName;
        try
        {
            var run = ProfileDataset.Run(Fitting(), Bfm(), Sources(), new ProfileSettings { Yaw = 0, Pitch = 0 }, root);
            using var synthetic = JsonDocument.Parse(File.ReadAllText(run.Annotations));
            using var real = JsonDocument.Parse(File.ReadAllText(SharedData.PathOf("data", "aflw2000-3d", "annotations.json")));
            double[][] Points(JsonElement sample) => [.. sample.GetProperty("landmarks68_3d").EnumerateArray().Select(p => new[] { p[0].GetDouble(), p[1].GetDouble(), p[2].GetDouble() })];
            var p = Points(synthetic.RootElement.GetProperty("samples")[0]);
            var g = Points(real.RootElement.GetProperty("samples").EnumerateArray().First(s => s.GetProperty("image").GetString() == "image00014.jpg"));
            double size = Math.Sqrt((g.Max(q => q[0]) - g.Min(q => q[0])) * (g.Max(q => q[1]) - g.Min(q => q[1])));
            double nme = Enumerable.Range(0, 68).Average(i => Math.Sqrt(Math.Pow(p[i][0] - g[i][0], 2) + Math.Pow(p[i][1] - g[i][1], 2))) / size;
            double pz = Enumerable.Range(17, 51).Average(i => p[i][2]), gz = Enumerable.Range(17, 51).Average(i => g[i][2]);
            double jawDepth = Enumerable.Range(0, 17).Average(i => Math.Abs(p[i][2] - pz - (g[i][2] - gz))) / size;
            Assert.InRange(nme, 0, 0.03);
            Assert.InRange(jawDepth, 0, 0.08);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void A_target_yaw_range_sets_where_the_face_ends()
    {
        var root = Directory.CreateTempSubdirectory("facealign-profile-target-").FullName;
        try
        {
            var run = ProfileDataset.Run(Fitting(), Bfm(), Sources(), new ProfileSettings { Count = 6, TargetYaw = (40, 60), Pitch = 0, Seed = 3 }, root);
            using var doc = JsonDocument.Parse(File.ReadAllText(run.Annotations));
            var samples = doc.RootElement.GetProperty("samples").EnumerateArray().ToArray();
            double[] ended = [.. samples.Select(s => s.GetProperty("pose_radians").GetProperty("yaw").GetDouble() * 180 / Math.PI)];
            double[] turns = [.. samples.Select(s => s.GetProperty("recipe").GetProperty("yaw_degrees").GetDouble())];
            // The photo's own yaw is what the turns start from: the same for every sample.
            double[] own = [.. ended.Zip(turns, (e, t) => e - t)];
            Assert.InRange(own.Max() - own.Min(), 0, 1.5);
            Assert.All(ended, yaw => Assert.InRange(Math.Abs(yaw), 39, 61));
            Assert.Contains(ended, yaw => yaw > 0);
            Assert.Contains(ended, yaw => yaw < 0);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData(50)]
    [InlineData(-50)]
    [InlineData(0)]
    public void A_target_beyond_the_largest_turn_ends_on_the_other_side(double own)
    {
        var rng = new Random(1);
        for (int k = 0; k < 200; k++)
        {
            double turn = ProfileDataset.TurnToward((70, 75), own, rng);
            Assert.InRange(Math.Abs(turn), 0, FaceProfiler.MaxAngleDegrees);
            Assert.InRange(Math.Abs(own + turn), 70, 75);
        }
    }

    [Fact]
    public void RefusesBadSettings()
    {
        var fitting = Fitting();
        var output = Path.Combine(Path.GetTempPath(), $"facealign-profile-bad-{Guid.NewGuid():N}");
        Assert.Throws<ArgumentException>(() => ProfileDataset.Run(fitting, Bfm(), Sources(), new ProfileSettings { Count = 0 }, output));
        Assert.Throws<ArgumentException>(() => ProfileDataset.Run(fitting, Bfm(), Sources(), new ProfileSettings { Yaw = 90 }, output));
        Assert.Throws<ArgumentException>(() => ProfileDataset.Run(fitting, Bfm(), Sources(), new ProfileSettings { TargetYaw = (60, 30) }, output));
        Assert.Throws<ArgumentException>(() => ProfileDataset.Run(fitting, Bfm(), Sources(), new ProfileSettings { TargetYaw = (30, 80) }, output));
        Assert.Throws<ArgumentException>(() => ProfileDataset.Run(fitting, Bfm(), Sources(), new ProfileSettings { TargetYaw = (30, 60), Yaw = 10 }, output));
        Assert.Throws<ArgumentException>(() => ProfileDataset.Run(fitting, Bfm(), [new SynthesisSource("x.jpg", [])], new ProfileSettings(), output));
    }
}
