using System.Diagnostics;
using System.Globalization;
using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Evaluation.Reports;
using FaceAlign3D.Imaging;
using Spectre.Console;

namespace FaceAlign3D.Cli.Commands;

/// <summary>What the eval verbs print: progress, skipped items, the summary table and one-line errors.</summary>
internal static class EvalConsole
{
    private const int ListedSkips = 20;

    /// <summary>
    /// Runs <paramref name="work"/> with a progress sink: a Spectre progress bar when stdout is a terminal,
    /// otherwise a plain line at every tenth of the way.
    /// </summary>
    public static T WithProgress<T>(CliServices services, string label, int total, Func<IProgress<int>, T> work)
    {
        if (!Console.IsOutputRedirected && services.Ansi.Profile.Capabilities.Interactive)
        {
            return services.Ansi.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask(Markup.Escape(label), maxValue: Math.Max(1, total));
                    return work(new Sink(done => task.Value = done));
                });
        }
        int step = Math.Max(1, total / 10), lastPrinted = 0;
        return work(new Sink(done =>
        {
            if (done < total && done - lastPrinted < step) return;
            lastPrinted = done;
            services.Out.WriteLine($"{label}: {done}/{total}");
        }));
    }

    /// <summary>Lists what was not scored, by name (the first few; report.json has them all).</summary>
    /// <summary>Writes the report files, prints skipped items and the summary table; returns the success exit code.</summary>
    public static int Finish(CliServices services, EvaluationReport report, string outputFolder, string title, Stopwatch watch)
    {
        ReportWriter.WriteAll(report, outputFolder, title);
        watch.Stop();
        PrintSkipped(services, report);
        PrintSummary(services, report, outputFolder, watch.Elapsed);
        return 0;
    }

    public static void PrintSkipped(CliServices services, EvaluationReport report)
    {
        var skipped = report.Failed.Concat(report.InputIssues).ToList();
        foreach (var issue in skipped.Take(ListedSkips))
            services.Out.WriteLine($"skipped {issue.Item}: {issue.Reason}");
        if (skipped.Count > ListedSkips)
            services.Out.WriteLine($"... and {skipped.Count - ListedSkips} more (see report.json)");
    }

    public static void PrintSummary(CliServices services, EvaluationReport report, string outputFolder, TimeSpan elapsed)
    {
        var table = new Table().AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        table.Title = new TableTitle(Markup.Escape(report.Dataset));
        table.AddRow("images scored", $"{report.Scored} of {report.Total}");
        table.AddRow("failed / input issues", $"{report.Failed.Count} / {report.InputIssues.Count}");
        if (report.HasPoseBuckets)
        {
            string[] names = ["0-30", "30-60", "60-90"];
            for (int b = 0; b < names.Length; b++)
                table.AddRow($"NME |yaw| {names[b]} ({report.BucketCounts[b]} images)", Percent(report.BucketNme[b]));
            table.AddRow("[bold]NME mean of buckets[/]", $"[bold]{Percent(report.NmeMeanOfBuckets)}[/]");
        }
        table.AddRow("NME mean of all images", Percent(report.NmeMeanAll));
        table.AddRow(Markup.Escape($"AUC at {report.Ced.Threshold * 100:0.#}%"), report.Ced.Auc.ToString("0.0000", CultureInfo.InvariantCulture));
        table.AddRow(Markup.Escape($"failure rate at {report.Ced.Threshold * 100:0.#}%"), Percent(report.Ced.FailureRate));
        if (report.Pose is { } pose)
            table.AddRow("pose MAE yaw / pitch / roll", string.Create(CultureInfo.InvariantCulture,
                $"{Degrees(pose.Yaw):0.00} / {Degrees(pose.Pitch):0.00} / {Degrees(pose.Roll):0.00} deg"));
        table.AddRow("time", $"{elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s");
        table.AddRow("reports", Markup.Escape(outputFolder));
        services.Ansi.Write(table);
    }

    /// <summary>Whether an exception is the user's to fix (a one-line message) rather than a defect (a stack trace).</summary>
    private static string Percent(double fraction) =>
        double.IsFinite(fraction) ? (fraction * 100).ToString("0.000", CultureInfo.InvariantCulture) + " %" : "n/a";

    private static double Degrees(double radians) => radians * 180 / Math.PI;

    /// <summary>
    /// Calls the handler on the reporting thread (Progress&lt;T&gt; would defer it to the thread pool), one call at a
    /// time and only for counts above the last one, since workers report concurrently and out of order.
    /// </summary>
    private sealed class Sink(Action<int> handler) : IProgress<int>
    {
        private readonly Lock _gate = new();
        private int _last = -1;

        public void Report(int value)
        {
            lock (_gate)
            {
                if (value <= _last) return;
                _last = value;
                handler(value);
            }
        }
    }
}
