using FaceAlign3D.Imaging.Codecs;

namespace FaceAlign3D.Evaluation.Reports;

/// <summary>Writes report.json, report.md, ced.svg and ced.png for one evaluation into a folder.</summary>
internal static class ReportWriter
{
    public const string JsonFile = "report.json";
    public const string MarkdownFile = "report.md";
    public const string CedSvgFile = "ced.svg";
    public const string CedPngFile = "ced.png";

    public static void WriteAll(EvaluationReport report, string folder, string curveLabel = "prediction")
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Directory.CreateDirectory(folder);
        ReportJson.Write(report, Path.Combine(folder, JsonFile));
        File.WriteAllText(Path.Combine(folder, MarkdownFile), ReportMarkdown.Format(report, CedSvgFile));
        var plot = CedPlot.Build([(curveLabel, report.Ced)], $"{report.Dataset}: cumulative error distribution");
        File.WriteAllText(Path.Combine(folder, CedSvgFile), SvgPlotWriter.Render(plot));
        ImageEncoder.SavePng(PngPlotWriter.Render(plot), Path.Combine(folder, CedPngFile));
    }
}
