using System.Globalization;
using FaceAlign3D.Alignment;
using Spectre.Console;

namespace FaceAlign3D.Cli;

/// <summary>What `align` did with one image (its analysis or the one-line error), and the table that sums a run up.</summary>
internal sealed record AlignOutcome(string File, ImageAnalysis? Analysis, string? Error, double Milliseconds)
{
    public static void PrintSummary(CliServices services, IReadOnlyList<AlignOutcome> outcomes, TimeSpan elapsed, string output)
    {
        var table = new Table().AddColumns("images", "failed", "faces", "mean ms / image", "wall time", "output");
        var done = outcomes.Where(o => o.Analysis is not null).ToList();
        var c = CultureInfo.InvariantCulture;
        table.AddRow(outcomes.Count.ToString(c), (outcomes.Count - done.Count).ToString(c), done.Sum(o => o.Analysis!.Faces.Count).ToString(c),
            outcomes.Average(o => o.Milliseconds).ToString("0.0", c), elapsed.TotalSeconds.ToString("0.00 s", c), Markup.Escape(output));
        services.Ansi.Write(table);
    }
}
