using System.Globalization;
using FaceAlign3D.Pipeline.Batches;
using Spectre.Console;

namespace FaceAlign3D.Cli;

/// <summary>The table that sums a batch up, `align` or `track` (items resumed from an earlier run have no time of this run).</summary>
internal static class BatchSummaryTable
{
    /// <param name="items">What the items are ("images").</param>
    /// <param name="counted">What <see cref="BatchItemResult.Faces"/> counts ("faces").</param>
    public static void Print(CliServices services, IReadOnlyList<BatchItemResult> results, TimeSpan elapsed, string output, string items, string counted)
    {
        var table = new Table().AddColumns(items, "failed", "resumed", counted, $"mean ms / {items.TrimEnd('s')}", "wall time", "output");
        var timed = results.Where(o => !o.Resumed).ToList();
        var c = CultureInfo.InvariantCulture;
        table.AddRow(results.Count.ToString(c), results.Count(o => o.Error is not null).ToString(c), results.Count(o => o.Resumed).ToString(c),
            results.Sum(o => o.Faces).ToString(c), timed.Count == 0 ? "-" : timed.Average(o => o.Milliseconds).ToString("0.0", c),
            elapsed.TotalSeconds.ToString("0.00 s", c), Markup.Escape(output));
        services.Ansi.Write(table);
    }
}
