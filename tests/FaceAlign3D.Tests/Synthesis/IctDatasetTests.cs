using System.Text.Json;
using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Pipeline;

namespace FaceAlign3D.Tests.Synthesis;

/// <summary>`synth ict`: textured ICT faces with sampled identity, expression, pose and light, annotated like AFLW2000-3D.</summary>
public sealed class IctDatasetTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"facealign-ict-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }

    private static readonly IctSettings Small = new() { Count = 2, Size = 160, TextureSize = 256, Seed = 3 };

    private IctRun Make(string name, IctSettings settings) =>
        IctDataset.Run(ProfileDatasetTests.Fitting(), ProfileDatasetTests.Bfm(), ProfileDatasetTests.Sources(), settings, Path.Combine(_dir, name));

    [Fact]
    public void Writes_textured_faces_with_their_truth_deterministically()
    {
        var a = Make("a", Small);
        Make("b", Small);
        Assert.Equal(File.ReadAllBytes(a.Annotations), File.ReadAllBytes(Path.Combine(_dir, "b", "annotations.json")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "a", "images", "000001.png")), File.ReadAllBytes(Path.Combine(_dir, "b", "images", "000001.png")));
        Assert.Equal(2, Aflw2000Dataset.Load(Path.Combine(_dir, "a")).Samples.Count);
        using var doc = JsonDocument.Parse(File.ReadAllText(a.Annotations));
        foreach (var sample in doc.RootElement.GetProperty("samples").EnumerateArray())
        {
            Assert.Equal("ict", sample.GetProperty("recipe").GetProperty("kind").GetString());
            Assert.Equal(100, sample.GetProperty("params").GetProperty("identity").GetArrayLength());
            var points = sample.GetProperty("landmarks68_3d").EnumerateArray().Select(p => (X: p[0].GetDouble(), Y: p[1].GetDouble())).ToArray();
            Assert.Equal(68, points.Length);
            Assert.All(points, p => Assert.True(p.X is > 0 and < 160 && p.Y is > 0 and < 160, $"landmark at {p} outside the image"));
            PoseConventionTests.AssertSignsAgree(sample);
        }
    }

    [Fact]
    public void Refuses_bad_settings()
    {
        Assert.Throws<ArgumentException>(() => Make("d", Small with { Count = 0 }));
        Assert.Throws<ArgumentException>(() => Make("e", Small with { Size = 10 }));
        Assert.Throws<ArgumentException>(() => IctDataset.Run(ProfileDatasetTests.Fitting(), ProfileDatasetTests.Bfm(), [new SynthesisSource("x.jpg", [])], Small, Path.Combine(_dir, "f")));
    }
}
