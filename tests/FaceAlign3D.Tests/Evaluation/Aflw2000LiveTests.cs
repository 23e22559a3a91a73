using System.Diagnostics;
using System.Text.Json;
using FaceAlign3D.Evaluation;
using FaceAlign3D.Evaluation.Live;
using FaceAlign3D.Pipeline;
using Xunit.Abstractions;

namespace FaceAlign3D.Tests.Evaluation;

/// <summary>
/// Live mb05 on our decoder and engine over the 1000 dev crops of AFLW2000-3D (3DDFA protocol, original
/// annotations) against what the original 3DDFA_V2 code produced on the same crops.
/// </summary>
[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class Aflw2000LiveTests(ITestOutputHelper output)
{
    internal static readonly Lazy<TddfaEvaluationModels> Models = new(() => TddfaEvaluationModels.Load(
        SharedData.PathOf("models", "tddfa_v2", "mb05_120x120.onnx"),
        SharedData.PathOf("models", "tddfa_v2", "bfm_3ddfa_v2.safetensors"),
        SharedData.PathOf("models", "tddfa_v2", "faceboxes_prod.onnx")));

    [Fact]
    public void LiveMb05ReproducesTheOriginalBenchmarkOnTheDevCrops()
    {
        var dataset = Aflw2000ReproductionTests.Dataset.Value;
        var watch = Stopwatch.StartNew();
        int reported = 0;
        var predictions = LivePredictions.Run(dataset, () => Models.Value.CreatePredictor(Aflw2000Protocol.Tddfa), threads: 2,
            new SynchronousProgress(done => Interlocked.Exchange(ref reported, Math.Max(reported, done))));
        output.WriteLine($"1000 crops with 2 threads (including model load): {watch.Elapsed.TotalSeconds:F2} s");
        Assert.Equal(dataset.Samples.Count, reported);

        var report = new Aflw2000Evaluator(dataset).Evaluate(predictions);
        using var reference = JsonDocument.Parse(File.ReadAllText(Aflw2000ReproductionTests.ReferencePath));
        var summary = reference.RootElement.GetProperty("summary");
        var perImage = reference.RootElement.GetProperty("per_image");

        Assert.Empty(report.Failed);
        Assert.Equal(1000, report.Scored);
        output.WriteLine($"NME buckets {100 * report.BucketNme[0]:F4} / {100 * report.BucketNme[1]:F4} / {100 * report.BucketNme[2]:F4}, mean of buckets {100 * report.NmeMeanOfBuckets:F4}");
        Assert.Equal(3.799, 100 * report.NmeMeanOfBuckets, 0.01);
        Assert.Equal(summary.GetProperty("nme_0_30").GetDouble(), 100 * report.BucketNme[0], 0.02);
        Assert.Equal(summary.GetProperty("nme_30_60").GetDouble(), 100 * report.BucketNme[1], 0.02);
        Assert.Equal(summary.GetProperty("nme_60_90").GetDouble(), 100 * report.BucketNme[2], 0.02);

        // With the Pose_Para convention the angles agree to a few degrees; 3DDFA_V2's own calc_pose angles would
        // be off by about 19 degrees on average (pitch and roll have the other sign).
        var pose = report.Pose!;
        output.WriteLine($"pose MAE yaw/pitch/roll {pose.Yaw * 180 / Math.PI:F2} / {pose.Pitch * 180 / Math.PI:F2} / {pose.Roll * 180 / Math.PI:F2} deg");
        Assert.Equal(1000, pose.Count);
        Assert.True(pose.Mean * 180 / Math.PI < 6, $"pose MAE {pose.Mean * 180 / Math.PI:F2} deg");

        double worst = 0;
        string worstImage = "";
        foreach (var sample in dataset.Samples)
        {
            var ours = predictions.Find(sample.Image, out _)!.Faces.Single().Landmarks;
            var theirs = perImage.GetProperty(sample.Image).GetProperty("landmarks68_2d");
            double sum = 0;
            int k = 0;
            foreach (var point in theirs.EnumerateArray())
            {
                sum += Math.Sqrt(Math.Pow(ours[k, 0] - point[0].GetDouble(), 2) + Math.Pow(ours[k, 1] - point[1].GetDouble(), 2));
                k++;
            }
            Assert.Equal(68, k);
            if (sum / k > worst) (worst, worstImage) = (sum / k, sample.Image);
        }
        output.WriteLine($"largest per-image mean landmark difference: {worst:F4} px ({worstImage})");
        Assert.True(worst <= 0.1, $"{worstImage}: mean landmark difference {worst:F4} px > 0.1 px");
    }

    /// <summary>Calls the handler on the reporting thread (Progress&lt;T&gt; would post it to the thread pool).</summary>
    internal sealed class SynchronousProgress(Action<int> handler) : IProgress<int>
    {
        public void Report(int value) => handler(value);
    }
}
