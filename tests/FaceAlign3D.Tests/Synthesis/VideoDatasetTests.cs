using System.Text.Json;
using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Pipeline;
using FaceAlign3D.Tests.Pipeline;
using FaceAlign3D.Video;
using Xunit.Abstractions;

namespace FaceAlign3D.Tests.Synthesis;

/// <summary>`synth video`: clips from a still with smooth motion and exact per-frame truth, and the tracker on them.</summary>
public sealed class VideoDatasetTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"facealign-video-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }

    private VideoRun Make(string name, VideoSettings settings) =>
        VideoDataset.Run(ProfileDatasetTests.Fitting(), ProfileDatasetTests.Bfm(), ProfileDatasetTests.Sources(), settings, Path.Combine(_dir, name));

    private static double[][][] Truth(string annotations)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(annotations));
        return [.. doc.RootElement.GetProperty("samples").EnumerateArray().Select(s =>
            s.GetProperty("landmarks68_3d").EnumerateArray().Select(p => new[] { p[0].GetDouble(), p[1].GetDouble() }).ToArray())];
    }

    private static double FaceSize(double[][] points) =>
        Math.Sqrt((points.Max(p => p[0]) - points.Min(p => p[0])) * (points.Max(p => p[1]) - points.Min(p => p[1])));

    [Fact]
    public void A_clip_moves_smoothly_and_its_truth_is_deterministic()
    {
        var settings = new VideoSettings { Count = 1, Frames = 12, Seed = 2 };
        var run = Make("a", settings);
        Make("b", settings);
        Assert.Equal(File.ReadAllBytes(run.Annotations), File.ReadAllBytes(Path.Combine(_dir, "b", "annotations.json")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "a", "images", "c000000", "000005.png")), File.ReadAllBytes(Path.Combine(_dir, "b", "images", "c000000", "000005.png")));

        // Read as AFLW2000-3D is, one sample per frame, frames in their clip's folder.
        var dataset = Aflw2000Dataset.Load(Path.Combine(_dir, "a"));
        Assert.Equal(12, dataset.Samples.Count);
        Assert.Equal(12, Directory.GetFiles(Path.Combine(_dir, "a", "images", "c000000")).Length);

        var truth = Truth(run.Annotations);
        double size = FaceSize(truth[0]);
        var steps = truth.Skip(1).Select((frame, i) => frame.Zip(truth[i], (p, q) => double.Hypot(p[0] - q[0], p[1] - q[1])).Average()).ToArray();
        output.WriteLine($"face {size:F0} px; mean landmark step per frame {string.Join(", ", steps.Select(s => s.ToString("F1")))} px");
        Assert.All(steps, s => Assert.InRange(s, 0.2, 0.15 * size));

        using var doc = JsonDocument.Parse(File.ReadAllText(run.Annotations));
        var blends = doc.RootElement.GetProperty("samples").EnumerateArray().Select(s => s.GetProperty("recipe").GetProperty("expression_blend").GetDouble()).ToArray();
        Assert.Equal(0, blends[0], 9);
        Assert.True(blends.Max() > 0.9, "the expression changes mid-clip");
    }

    [Fact]
    public void The_tracker_follows_a_synthetic_clip()
    {
        var run = Make("track", new VideoSettings { Count = 1, Frames = 24, Seed = 5 });
        using var toolkit = FaceToolkit.Open(AllModelsFolder.Store, analyzers: 0);
        using var source = ImageFolderSource.Open(Path.Combine(_dir, "track", "images", "c000000"));
        string tracked = Path.Combine(_dir, "tracked");
        toolkit.Track("c000000", source, new TrackSettings { Run = new TrackRunOptions { OutputDirectory = tracked, WriteVideo = false } });

        var truth = Truth(run.Annotations);
        var nme = File.ReadLines(Path.Combine(tracked, TrackRun.JsonLinesName)).Select((line, frame) =>
        {
            using var doc = JsonDocument.Parse(line);
            var faces = doc.RootElement.GetProperty("faces");
            Assert.True(faces.GetArrayLength() > 0, $"frame {frame} has a tracked face");
            var points = faces[0].GetProperty("landmarks68").EnumerateArray().Select(p => new[] { p[0].GetDouble(), p[1].GetDouble() }).ToArray();
            return points.Zip(truth[frame], (p, q) => double.Hypot(p[0] - q[0], p[1] - q[1])).Average() / FaceSize(truth[frame]);
        }).ToArray();
        output.WriteLine($"NME per frame (% of the face size): {string.Join(", ", nme.Select(e => (100 * e).ToString("F1")))}");
        Assert.Equal(24, nme.Length);
        Assert.True(nme.Average() < 0.05, $"mean NME {100 * nme.Average():F1} %");
    }
}
