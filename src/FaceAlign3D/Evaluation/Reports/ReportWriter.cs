namespace FaceAlign3D.Evaluation.Reports;

/// <summary>Writes report.json, report.md and ced.svg for one evaluation into a folder.</summary>
public static class ReportWriter
{
    public const string JsonFile = "report.json";
    public const string MarkdownFile = "report.md";
    public const string CedSvgFile = "ced.svg";

    public static void WriteAll(EvaluationReport report, string folder, string curveLabel = "prediction")
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Directory.CreateDirectory(folder);
        ReportJson.Write(report, Path.Combine(folder, JsonFile));
        File.WriteAllText(Path.Combine(folder, MarkdownFile), ReportMarkdown.Format(report, CedSvgFile));
        var plot = CedPlot.Build([(curveLabel, report.Ced)], $"{report.Dataset}: cumulative error distribution");
        File.WriteAllText(Path.Combine(folder, CedSvgFile), SvgPlotWriter.Render(plot));
    }
}
