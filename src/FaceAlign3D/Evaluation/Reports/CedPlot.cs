using FaceAlign3D.Evaluation.Metrics;

namespace FaceAlign3D.Evaluation.Reports;

/// <summary>Builds the CED plot: x = NME in percent from 0 to the threshold, y = fraction of images.</summary>
internal static class CedPlot
{
    public static Plot Build(IReadOnlyList<(string Label, CumulativeErrorDistribution Ced)> curves, string title = "Cumulative error distribution")
    {
        ArgumentNullException.ThrowIfNull(curves);
        if (curves.Count == 0) throw new ArgumentException("no curves to plot", nameof(curves));
        double maxPercent = curves.Max(c => c.Ced.Threshold) * 100;
        var xTicks = Enumerable.Range(0, 11).Select(i => maxPercent * i / 10).ToList();
        var yTicks = Enumerable.Range(0, 11).Select(i => i / 10.0).ToList();
        var series = curves.Select(c => new PlotSeries(
            $"{c.Label} (AUC {c.Ced.Auc:0.000}, FR {c.Ced.FailureRate * 100:0.0}%)",
            c.Ced.Curve().Select(p => (p.Error * 100, p.Fraction)).ToList())).ToList();
        return new Plot(title,
            new PlotAxis("NME (%)", 0, maxPercent, xTicks, "0.#"),
            new PlotAxis("Fraction of images", 0, 1, yTicks, "0.0"),
            series);
    }
}
