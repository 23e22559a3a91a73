using System.Text.Json;
using FaceAlign3D.Alignment;
using FaceAlign3D.Export;
using FaceAlign3D.Imaging;

namespace FaceAlign3D.Pipeline.Batches;

/// <summary>What every image of a batch gets: the analysis, the files, an optional fit.</summary>
internal sealed record AlignItemSettings(AlignOutputs Outputs, AnalyzeSettings Analyze, bool Fit);

/// <summary>
/// One image of a batch, done so that a retry never leaves two versions: its files (and its summary rows) are
/// written in a staging folder of the worker's own and renamed into the output folder, so they appear whole and
/// the same on every run. Reading errors are the image's failure; writing errors are thrown.
/// </summary>
internal static class AlignItem
{
    public static string RowsPath(string outputFolder, string stem) => Path.Combine(BatchFolder.StateFolder(outputFolder), "rows", stem + ".json");

    /// <summary>Aligns <paramref name="file"/> and puts its files in <paramref name="outputFolder"/>; <paramref name="worker"/> names the staging folder.</summary>
    public static BatchEntry Run(FaceToolkit toolkit, string file, string outputFolder, AlignItemSettings settings, string worker)
    {
        string stem = BatchFolder.StemOf(file);
        Image image;
        ImageAnalysis analysis;
        try
        {
            image = FaceToolkit.LoadImage(file);
            analysis = toolkit.Analyze(image, settings.Analyze);
        }
        catch (Exception e) when (e is ImageFormatException or IOException or UnauthorizedAccessException)
        {
            return new BatchEntry(stem, file, 0, e is ImageFormatException f ? f.Reason : e.Message);
        }

        string staged = BatchFolder.NewStaging(outputFolder, stem, worker);
        string stagedStem = Path.Combine(staged, stem);
        settings.Outputs.Write(stagedStem, file, image, analysis, toolkit.AlignerModelSha256);
        if (settings.Fit)
        {
            var aligned = FaceFitting.Aligned(Path.GetFileName(file), analysis);
            FitFiles.Write(toolkit.Fitting, aligned, toolkit.Fit(aligned), file, stagedStem);
        }
        string rows = Path.Combine(staged, stem + ".rows.json");
        File.WriteAllText(rows, JsonSerializer.Serialize(AlignmentRow.Of(Path.GetFileName(file), analysis).ToList(), BatchJson.Default.ListAlignmentRow));

        foreach (var output in Directory.EnumerateFiles(staged).Where(f => f != rows).Order(StringComparer.Ordinal))
            File.Move(output, Path.Combine(outputFolder, Path.GetFileName(output)), overwrite: true);
        string rowsPath = RowsPath(outputFolder, stem);
        Directory.CreateDirectory(Path.GetDirectoryName(rowsPath)!);
        File.Move(rows, rowsPath, overwrite: true);
        Directory.Delete(staged);
        return new BatchEntry(stem, file, analysis.Faces.Count, null);
    }

    /// <summary>The summary rows an earlier <see cref="Run"/> kept for <paramref name="stem"/>.</summary>
    public static List<AlignmentRow> ReadRows(string outputFolder, string stem)
    {
        string path = RowsPath(outputFolder, stem);
        return JsonSerializer.Deserialize(File.ReadAllText(path), BatchJson.Default.ListAlignmentRow) ?? throw new InvalidDataException($"{path}: no rows");
    }
}
