using System.Globalization;
using System.Text.Json.Nodes;
using FaceAlign3D.Alignment;
using Spectre.Console;

namespace FaceAlign3D.Cli;

/// <summary>The stage latencies `facealign bench` collects, as the stages measured themselves, and how it prints them.</summary>
internal sealed class BenchReport
{
    private static readonly string[] Stages = ["decode", "detect", "crop", "regress", "reconstruct", "dense_mesh", "align_per_face", "total", "align_given_box"];

    private readonly Dictionary<string, List<double>> _samples = Stages.ToDictionary(s => s, _ => new List<double>());

    /// <summary>Adds each stage's milliseconds of one analysis.</summary>
    public void Add(ImageAnalysis analysis)
    {
        var stages = analysis.Stages;
        int faces = analysis.Faces.Count;
        _samples["decode"].Add(stages.Decode.TotalMilliseconds);
        _samples["detect"].Add(stages.Detect.TotalMilliseconds);
        _samples["crop"].Add(stages.Align.Crop.TotalMilliseconds);
        _samples["regress"].Add(stages.Align.Regress.TotalMilliseconds);
        _samples["reconstruct"].Add(stages.Align.Reconstruct.TotalMilliseconds);
        _samples["dense_mesh"].Add(stages.DenseMesh.TotalMilliseconds);
        _samples["align_per_face"].Add(faces > 0 ? stages.Align.Total.TotalMilliseconds / faces : 0);
        _samples["total"].Add(stages.Total.TotalMilliseconds);
    }

    /// <summary>Adds one run of the aligner on a given box.</summary>
    public void AddGivenBox(TimeSpan time) => _samples["align_given_box"].Add(time.TotalMilliseconds);

    /// <summary>One JSON object: <paramref name="fields"/>, then median, p10 and p90 of every stage with samples, then fps.</summary>
    public string Json(JsonObject fields)
    {
        var stats = Statistics();
        foreach (var (stage, s) in stats.Where(kv => kv.Value.Count > 0))
        {
            fields[$"{stage}_median_ms"] = Math.Round(s.Median, 4);
            fields[$"{stage}_p10_ms"] = Math.Round(s.P10, 4);
            fields[$"{stage}_p90_ms"] = Math.Round(s.P90, 4);
        }
        fields["fps"] = Math.Round(1000 / stats["total"].Median, 2);
        return fields.ToJsonString();
    }

    /// <summary>A header line ending with the images per second, then a table of the stages.</summary>
    public void Print(IAnsiConsole console, string header)
    {
        var stats = Statistics();
        var table = new Table().AddColumns("stage", "median ms", "p10 ms", "p90 ms");
        foreach (var stage in Stages.Where(stage => stats[stage].Count > 0))
        {
            var s = stats[stage];
            table.AddRow(stage, F(s.Median), F(s.P10), F(s.P90));
        }
        console.MarkupLine(Markup.Escape($"{header}: {1000 / stats["total"].Median:0.0} images/s"));
        console.Write(table);
    }

    private Dictionary<string, LatencyStats> Statistics() => _samples.ToDictionary(kv => kv.Key, kv => LatencyStats.From(kv.Value));

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
}
