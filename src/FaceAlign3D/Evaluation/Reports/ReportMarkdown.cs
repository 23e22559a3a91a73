using System.Globalization;
using System.Text;

namespace FaceAlign3D.Evaluation.Reports;

/// <summary>Formats an <see cref="EvaluationReport"/> as a short Markdown page (report.md).</summary>
internal static class ReportMarkdown
{
    private const int MaxListedFailures = 50;

    public static string Format(EvaluationReport report, string? cedPlotFile = "ced.svg")
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.Append($"# {report.Dataset} evaluation\n\n");
        md.Append($"Protocol: {report.Protocol}.\n\n");
        md.Append($"Scored {report.Scored} of {report.Total} images; {report.Failed.Count} failed; {report.InputIssues.Count} input issues.\n\n");

        if (report.HasPoseBuckets)
        {
            md.Append("| \\|yaw\\| bucket (deg) | images | NME (%) |\n|---|---:|---:|\n");
            string[] names = ["0-30", "30-60", "60-90"];
            for (int b = 0; b < names.Length; b++)
                md.Append($"| {names[b]} | {report.BucketCounts[b]} | {Pct(report.BucketNme[b])} |\n");
            md.Append($"| **mean of buckets** | {report.Scored} | **{Pct(report.NmeMeanOfBuckets)}** |\n");
            md.Append($"| mean of all images | {report.Scored} | {Pct(report.NmeMeanAll)} |\n\n");
        }
        else
            md.Append($"| images | NME (%) |\n|---:|---:|\n| {report.Scored} | **{Pct(report.NmeMeanAll)}** |\n\n");

        md.Append("| metric | value |\n|---|---:|\n");
        md.Append($"| NME contour (points 0-16) | {Pct(report.NmeContour)} % |\n");
        md.Append($"| NME inner (points 17-67) | {Pct(report.NmeInner)} % |\n");
        md.Append($"| AUC at {F(report.Ced.Threshold * 100, "0.#")} % | {F(report.Ced.Auc, "0.0000")} |\n");
        md.Append($"| failure rate at {F(report.Ced.Threshold * 100, "0.#")} % | {F(report.Ced.FailureRate * 100, "0.00")} % |\n");
        if (report.Pose is { } pose)
        {
            md.Append($"| pose MAE yaw / pitch / roll (deg), {pose.Count} images | {Deg(pose.Yaw)} / {Deg(pose.Pitch)} / {Deg(pose.Roll)} |\n");
            md.Append($"| pose MAE mean (deg) | {Deg(pose.Mean)} |\n");
        }
        else
            md.Append("| pose MAE | no predicted poses |\n");
        md.Append('\n');

        if (cedPlotFile is not null)
            md.Append($"![CED]({cedPlotFile})\n\n");

        if (report.Failed.Count > 0 || report.InputIssues.Count > 0)
        {
            md.Append("## Not scored\n\n");
            foreach (var issue in report.Failed.Concat(report.InputIssues).Take(MaxListedFailures))
                md.Append($"- `{issue.Item}`: {issue.Reason}\n");
            int more = report.Failed.Count + report.InputIssues.Count - MaxListedFailures;
            if (more > 0) md.Append($"- ... and {more} more (see report.json)\n");
            md.Append('\n');
        }
        return md.ToString();
    }

    private static string Pct(double? fraction) => fraction is { } f && double.IsFinite(f) ? F(f * 100, "0.000") : "n/a";

    private static string Deg(double radians) => F(radians * 180 / Math.PI, "0.00");

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
