using System.Text.Json;
using FaceAlign3D.Evaluation;
using FaceAlign3D.Evaluation.Datasets;

namespace FaceAlign3D.Tests.Evaluation;

/// <summary>
/// Scores the original 3DDFA_V2 mb05 predictions on the AFLW2000-3D dev split with our protocol and
/// compares with the NMEs the original benchmark code produced for them.
/// </summary>
[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class Aflw2000ReproductionTests
{
    internal static readonly string ReferencePath = SharedData.PathOf("reference", "tddfa_v2_aflw2000_dev.json");

    internal static readonly Lazy<Aflw2000Dataset> Dataset = new(() => Aflw2000Dataset.Load(SharedData.PathOf("data", "aflw2000-3d")));

    internal static readonly Lazy<PredictionSet> Reference = new(() => PredictionSet.Load(ReferencePath));

    [Fact]
    public void DatasetLoadsAllDevSamples()
    {
        Assert.Equal(1000, Dataset.Value.Samples.Count);
        Assert.Empty(Dataset.Value.Issues);
        Assert.All(Dataset.Value.Samples, s => Assert.NotNull(s.Reannotated2D));
    }

    [Fact]
    public void ReproducesPerImageNmeAndSummaryOfOriginalBenchmark()
    {
        var report = new Aflw2000Evaluator(Dataset.Value).Evaluate(Reference.Value);

        using var reference = JsonDocument.Parse(File.ReadAllText(ReferencePath));
        var perImage = reference.RootElement.GetProperty("per_image");
        var summary = reference.RootElement.GetProperty("summary");

        Assert.Empty(report.Failed);
        Assert.Equal(perImage.EnumerateObject().Count(), report.Scored);
        foreach (var item in report.Items)
        {
            var expected = perImage.GetProperty(item.Image);
            // The original computes in float32: agreement to 1e-6 of a fraction (1e-4 %) is exact for it.
            Assert.Equal(expected.GetProperty("nme").GetDouble(), item.Nme, 1e-6);
            Assert.Equal(expected.GetProperty("yaw_abs_deg").GetDouble(), item.AbsYawDegrees, 9);
        }

        var counts = summary.GetProperty("bucket_counts").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal(counts, report.BucketCounts);
        Assert.Equal(summary.GetProperty("nme_0_30").GetDouble(), 100 * report.BucketNme[0], 0.01);
        Assert.Equal(summary.GetProperty("nme_30_60").GetDouble(), 100 * report.BucketNme[1], 0.01);
        Assert.Equal(summary.GetProperty("nme_60_90").GetDouble(), 100 * report.BucketNme[2], 0.01);
        Assert.Equal(3.799, 100 * report.NmeMeanOfBuckets, 0.01);
        Assert.Equal(summary.GetProperty("nme_mean_all").GetDouble(), 100 * report.NmeMeanAll, 0.01);
    }

    [Fact]
    public void ReannotatedChoiceScoresAgainstTheOtherLandmarks()
    {
        var predictions = Reference.Value;
        var original = new Aflw2000Evaluator(Dataset.Value).Evaluate(predictions);
        var reannotated = new Aflw2000Evaluator(Dataset.Value, new Aflw2000EvaluationOptions { Landmarks = Aflw2000Landmarks.Reannotated })
            .Evaluate(predictions);

        Assert.Equal(original.Scored, reannotated.Scored);
        Assert.NotEqual(original.NmeMeanAll, reannotated.NmeMeanAll, 4);
    }
}
