using FaceAlign3D.Detection;
using FaceAlign3D.Geometry;
using FaceAlign3D.Neural.Formats.Onnx;
using FaceAlign3D.Tests;
using FaceAlign3D.Training.Adaptation;
using FaceAlign3D.Training.Networks;
using FaceAlign3D.Training.Networks.Weights;
using FaceAlign3D.Training.Runtime;
using Xunit.Abstractions;

namespace FaceAlign3D.Training.Tests.Adaptation;

public class PersonAdaptationTests(ITestOutputHelper output)
{
    [Fact]
    public void Crop_motion_carries_one_frame_s_crop_landmarks_onto_the_next_frame_s()
    {
        var random = new Random(4);
        var first = Enumerable.Range(0, 68).Select(_ => new Point2(150 + 60 * random.NextDouble(), 90 + 70 * random.NextDouble())).ToArray();
        double scale = 1.08, angle = 0.15;
        var next = first.Select(p => new Point2(scale * (Math.Cos(angle) * p.X - Math.Sin(angle) * p.Y) + 7, scale * (Math.Sin(angle) * p.X + Math.Cos(angle) * p.Y) - 4)).ToArray();
        var a = new PersonFrame(0, [], new BoundingBox(100, 50, 220, 170), first);
        var b = new PersonFrame(1, [], new BoundingBox(90, 60, 250, 220), next);

        var m = PersonAdaptation.CropMotion(a, b);
        for (int k = 0; k < 68; k++)
        {
            double x = (first[k].X - a.Roi.X1) * 120 / a.Roi.Width, y = (first[k].Y - a.Roi.Y1) * 120 / a.Roi.Width;
            double expectedX = (next[k].X - b.Roi.X1) * 120 / b.Roi.Width, expectedY = (next[k].Y - b.Roi.Y1) * 120 / b.Roi.Width;
            Assert.Equal(expectedX, m[0] * x + m[1] * y + m[2], 1e-3);
            Assert.Equal(expectedY, m[3] * x + m[4] * y + m[5], 1e-3);
        }
    }

    [Fact]
    public void A_short_run_on_a_video_adapts_only_the_last_block_and_the_head_and_exports_mb05_s_contract()
    {
        MachineTools.RequireFfmpeg();
        TorchRuntime.EnsureLoaded(1);
        string baseModel = SharedData.PathOf("models", "tddfa_v2", "mb05_120x120.onnx");
        string folder = Directory.CreateTempSubdirectory("facealign-adapt-run-").FullName;
        try
        {
            var clip = PersonClip.Read(SharedData.PathOf("data", "samples", "obama.mp4"), baseModel);
            Assert.Equal(55, clip.FramesRead);
            Assert.True(clip.Frames.Count >= 50, $"{clip.Frames.Count} frames tracked");

            var summary = PersonAdaptation.Run(clip, baseModel, folder, new AdaptationSettings { Steps = 4, Window = 4 }, TextWriter.Null);
            output.WriteLine($"temporal {summary.FirstTemporal:E3} -> {summary.LastTemporal:E3}, consistency {summary.FirstTeacher:E3} -> {summary.LastTeacher:E3}");
            Assert.True(File.Exists(Path.Combine(folder, "summary.json")));

            var exported = OnnxModelReader.Read(summary.ModelPath);
            Assert.Equal(["output"], exported.Outputs.Select(o => o.Name).ToArray());
            var before = OnnxWeights.ReadFoldedLayers(OnnxModelReader.Read(baseModel));
            var after = OnnxWeights.ReadFoldedLayers(exported);
            Assert.Equal(before.Count, after.Count);
            // conv1 and dw2_1 ... dw5_6 (1 + 2 x 12 folded convolutions) stay; dw6 (2) and the head move.
            for (int i = 0; i < before.Count; i++)
            {
                double change = before[i].Weight.Zip(after[i].Weight, (x, y) => Math.Abs(x - y)).Max();
                if (i < 25) Assert.True(change < 1e-5, $"layer {i} moved by {change}");
                else Assert.True(change > 0, $"layer {i} did not move");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
