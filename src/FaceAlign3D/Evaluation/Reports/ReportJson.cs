using System.Text.Json;

namespace FaceAlign3D.Evaluation.Reports;

/// <summary>
/// Writes report.json. NMEs are in percent, pose errors in degrees, AUC and failure rate are
/// fractions in [0, 1]; a value that cannot be computed (empty bucket, no pose, no buckets for ground truth
/// without pose) is null.
/// The keys are documented in docs/metrics.md.
/// </summary>
internal static class ReportJson
{
    private static readonly string[] BucketNames = ["0_30", "30_60", "60_90"];

    public static void Write(EvaluationReport report, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("dataset", report.Dataset);
        json.WriteString("protocol", report.Protocol);

        json.WriteStartObject("counts");
        json.WriteNumber("total", report.Total);
        json.WriteNumber("scored", report.Scored);
        json.WriteNumber("failed", report.Failed.Count);
        json.WriteNumber("input_issues", report.InputIssues.Count);
        for (int b = 0; b < BucketNames.Length; b++)
        {
            if (report.HasPoseBuckets) json.WriteNumber("bucket_" + BucketNames[b], report.BucketCounts[b]);
            else json.WriteNull("bucket_" + BucketNames[b]);
        }
        json.WriteEndObject();

        for (int b = 0; b < BucketNames.Length; b++)
            Percent(json, "nme_" + BucketNames[b], report.HasPoseBuckets ? report.BucketNme[b] : null);
        Percent(json, "nme_mean_of_buckets", report.NmeMeanOfBuckets);
        Percent(json, "nme_mean_all", report.NmeMeanAll);
        Percent(json, "nme_contour", report.NmeContour);
        Percent(json, "nme_inner", report.NmeInner);

        if (report.Pose is { } pose)
        {
            json.WriteStartObject("pose_mae_deg");
            json.WriteNumber("yaw", Degrees(pose.Yaw));
            json.WriteNumber("pitch", Degrees(pose.Pitch));
            json.WriteNumber("roll", Degrees(pose.Roll));
            json.WriteNumber("mean", Degrees(pose.Mean));
            json.WriteNumber("count", pose.Count);
            json.WriteEndObject();
        }
        else
            json.WriteNull("pose_mae_deg");

        json.WriteNumber("ced_threshold_percent", report.Ced.Threshold * 100);
        json.WriteNumber("auc", report.Ced.Auc);
        json.WriteNumber("failure_rate", report.Ced.FailureRate);

        WriteIssues(json, "failed", report.Failed);
        WriteIssues(json, "input_issues", report.InputIssues);

        json.WriteStartArray("items");
        foreach (var item in report.Items)
        {
            json.WriteStartObject();
            json.WriteString("image", item.Image);
            if (double.IsFinite(item.AbsYawDegrees)) json.WriteNumber("yaw_abs_deg", item.AbsYawDegrees);
            else json.WriteNull("yaw_abs_deg");
            json.WriteNumber("nme", item.Nme * 100);
            Percent(json, "nme_contour", item.NmeContour);
            Percent(json, "nme_inner", item.NmeInner);
            if (item.Pose is { } p)
            {
                json.WriteStartObject("pose_error_deg");
                json.WriteNumber("yaw", Degrees(p.Yaw));
                json.WriteNumber("pitch", Degrees(p.Pitch));
                json.WriteNumber("roll", Degrees(p.Roll));
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static void Write(EvaluationReport report, string path)
    {
        using var stream = File.Create(path);
        Write(report, stream);
    }

    private static void WriteIssues(Utf8JsonWriter json, string name, IReadOnlyList<Datasets.DatasetIssue> issues)
    {
        json.WriteStartArray(name);
        foreach (var issue in issues)
        {
            json.WriteStartObject();
            json.WriteString("item", issue.Item);
            json.WriteString("reason", issue.Reason);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void Percent(Utf8JsonWriter json, string name, double? fraction)
    {
        if (fraction is { } f && double.IsFinite(f)) json.WriteNumber(name, f * 100);
        else json.WriteNull(name);
    }

    private static double Degrees(double radians) => radians * 180 / Math.PI;
}
