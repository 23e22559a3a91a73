using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Evaluation.Metrics;

namespace FaceAlign3D.Evaluation.Reports;

/// <summary>
/// Score of one image. NMEs are fractions; pose errors in radians (null without a predicted pose). Without pose
/// ground truth <see cref="AbsYawDegrees"/> is NaN and <see cref="Bucket"/> -1.
/// </summary>
public sealed record ItemScore(string Image, double AbsYawDegrees, int Bucket, double Nme, double? NmeContour, double? NmeInner, PoseError? Pose);

/// <summary>Mean absolute pose errors in radians over <see cref="Count"/> images that had a predicted pose.</summary>
public sealed record PoseSummary(double Yaw, double Pitch, double Roll, int Count)
{
    public double Mean => (Yaw + Pitch + Roll) / 3;
}

/// <summary>
/// The result of an evaluation run: per-image scores, the summary and what could not be scored.
/// All NME values here are fractions; writers convert to percent.
/// </summary>
public sealed record EvaluationReport
{
    /// <summary>Upper |yaw| limits of the pose buckets in degrees; the last bucket is open (60-90 includes &gt; 90).</summary>
    public static IReadOnlyList<double> BucketLimits { get; } = [30, 60];

    public required string Dataset { get; init; }
    public required string Protocol { get; init; }
    public required int Total { get; init; }
    public required IReadOnlyList<ItemScore> Items { get; init; }

    /// <summary>Dataset items that were not scored, by name, with the reason.</summary>
    public required IReadOnlyList<DatasetIssue> Failed { get; init; }

    /// <summary>Problems in the inputs themselves (annotation or prediction entries, files).</summary>
    public required IReadOnlyList<DatasetIssue> InputIssues { get; init; }

    /// <summary>Scored images per |yaw| bucket; empty when the ground truth has no pose (no buckets).</summary>
    public required IReadOnlyList<int> BucketCounts { get; init; }

    /// <summary>Mean NME per |yaw| bucket; NaN for an empty bucket; empty without buckets.</summary>
    public required IReadOnlyList<double> BucketNme { get; init; }

    /// <summary>Mean of the three bucket means (the AFLW2000-3D headline); NaN when a bucket is empty.</summary>
    public required double NmeMeanOfBuckets { get; init; }

    public required double NmeMeanAll { get; init; }
    public required double? NmeContour { get; init; }
    public required double? NmeInner { get; init; }
    public required PoseSummary? Pose { get; init; }
    public required CumulativeErrorDistribution Ced { get; init; }

    public int Scored => Items.Count;

    /// <summary>Whether the report has |yaw| buckets (AFLW2000-3D) or only overall figures.</summary>
    public bool HasPoseBuckets => BucketCounts.Count > 0;
}
