using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Evaluation.Metrics;
using FaceAlign3D.Evaluation.Reports;

namespace FaceAlign3D.Evaluation;

/// <summary>Protocol choices for <see cref="Aflw2000Evaluator"/>; the defaults are the 3DDFA / 3DDFA_V2 protocol.</summary>
public sealed record Aflw2000EvaluationOptions
{
    public Aflw2000Landmarks Landmarks { get; init; } = Aflw2000Landmarks.Original;
    public NmeNormalizer Normalizer { get; init; } = NmeNormalizer.BoxSqrtArea;

    /// <summary>CED threshold for AUC and failure rate (fraction; 0.10 = 10%).</summary>
    public double CedThreshold { get; init; } = 0.10;
}

/// <summary>
/// AFLW2000-3D landmark protocol of 3DDFA / 3DDFA_V2: 2D NME of the 68 landmarks against the x, y of
/// the ground truth, normalised by sqrt(w * h) of the ground-truth landmark box, averaged within
/// |yaw| buckets [0, 30], (30, 60], (60, ...) of the ground-truth pose, headline = mean of the three
/// bucket means. Also reports the overall mean, contour/inner split, CED AUC / failure rate and,
/// when predictions carry a pose, the mean absolute yaw/pitch/roll errors.
/// </summary>
internal sealed class Aflw2000Evaluator
{
    private readonly Aflw2000Dataset _dataset;
    private readonly Aflw2000EvaluationOptions _options;

    public Aflw2000Evaluator(Aflw2000Dataset dataset, Aflw2000EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        _dataset = dataset;
        _options = options ?? new Aflw2000EvaluationOptions();
    }

    public EvaluationReport Evaluate(IPredictionSource predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        var nmeOptions = new NmeOptions { Normalizer = _options.Normalizer, Dimensions = 2, Scheme = LandmarkScheme.Ibug68 };
        var items = new List<ItemScore>(_dataset.Samples.Count);
        var failed = new List<DatasetIssue>(_dataset.Issues);
        foreach (var sample in _dataset.Samples)
        {
            var truth = sample.GroundTruth(_options.Landmarks);
            if (truth is null)
            {
                failed.Add(new DatasetIssue(sample.Image, $"no {_options.Landmarks} ground truth"));
                continue;
            }
            var prediction = predictions.Find(sample.Image, out var problem);
            if (prediction is null)
            {
                failed.Add(new DatasetIssue(sample.Image, problem));
                continue;
            }
            if (!FaceScoring.TryScore(prediction, truth, nmeOptions, out var face, out var nme, out problem))
            {
                failed.Add(new DatasetIssue(sample.Image, problem));
                continue;
            }
            PoseError? pose = face!.Pose is { } p ? HeadPoseError.Between(p, sample.Pose) : null;
            items.Add(new ItemScore(sample.Image, sample.AbsYawDegrees, BucketOf(sample.AbsYawDegrees), nme.Nme, nme.Contour, nme.Inner, pose));
        }
        return Summarise(items, failed, predictions.Issues);
    }

    private EvaluationReport Summarise(List<ItemScore> items, List<DatasetIssue> failed, IReadOnlyList<DatasetIssue> sourceIssues)
    {
        int buckets = EvaluationReport.BucketLimits.Count + 1;
        var counts = new int[buckets];
        var sums = new double[buckets];
        foreach (var item in items)
        {
            counts[item.Bucket]++;
            sums[item.Bucket] += item.Nme;
        }
        var means = Enumerable.Range(0, buckets).Select(b => counts[b] == 0 ? double.NaN : sums[b] / counts[b]).ToArray();
        var withPose = items.Where(i => i.Pose is not null).Select(i => i.Pose!.Value).ToList();
        return new EvaluationReport
        {
            Dataset = "AFLW2000-3D",
            Protocol = $"3DDFA: 2D NME of 68 {_options.Landmarks.ToString().ToLowerInvariant()} landmarks / {_options.Normalizer}, |yaw| buckets 0-30, 30-60, 60-90",
            Total = _dataset.Samples.Count + _dataset.Issues.Count,
            Items = items,
            Failed = failed,
            InputIssues = sourceIssues,
            BucketCounts = counts,
            BucketNme = means,
            NmeMeanOfBuckets = means.Average(),
            NmeMeanAll = items.Count == 0 ? double.NaN : items.Average(i => i.Nme),
            NmeContour = MeanOrNull(items.Where(i => i.NmeContour is not null).Select(i => i.NmeContour!.Value)),
            NmeInner = MeanOrNull(items.Where(i => i.NmeInner is not null).Select(i => i.NmeInner!.Value)),
            Pose = withPose.Count == 0 ? null : new PoseSummary(withPose.Average(p => p.Yaw), withPose.Average(p => p.Pitch), withPose.Average(p => p.Roll), withPose.Count),
            Ced = new CumulativeErrorDistribution(items.Select(i => i.Nme), _options.CedThreshold),
        };
    }

    /// <summary>Bucket index by |yaw|: limits are inclusive upper bounds, the last bucket is open.</summary>
    public static int BucketOf(double absYawDegrees)
    {
        var limits = EvaluationReport.BucketLimits;
        for (int b = 0; b < limits.Count; b++)
            if (absYawDegrees <= limits[b]) return b;
        return limits.Count;
    }

    internal static double? MeanOrNull(IEnumerable<double> values)
    {
        double sum = 0;
        int n = 0;
        foreach (var v in values) { sum += v; n++; }
        return n == 0 ? null : sum / n;
    }
}
