using System.Globalization;
using System.Security;
using System.Text;

namespace FaceAlign3D.Evaluation.Reports;

/// <summary>Renders a <see cref="Plot"/> as a standalone SVG document.</summary>
internal static class SvgPlotWriter
{
    public static string Render(Plot plot, int width = 640, int height = 480)
    {
        ArgumentNullException.ThrowIfNull(plot);
        if (width < 160 || height < 120) throw new ArgumentOutOfRangeException(nameof(width), "the canvas must be at least 160 x 120");
        var layout = new PlotLayout(width, height);
        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append($"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        svg.Append($"<text x=\"{N(width / 2.0)}\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">{Escape(plot.Title)}</text>\n");

        // Grid and tick labels.
        foreach (var t in plot.X.Ticks)
        {
            var (x, _) = layout.ToCanvas(plot, t, plot.Y.Min);
            svg.Append($"<line x1=\"{N(x)}\" y1=\"{N(layout.AreaTop)}\" x2=\"{N(x)}\" y2=\"{N(layout.AreaTop + layout.AreaHeight)}\" stroke=\"#e0e0e0\"/>\n");
            svg.Append($"<text x=\"{N(x)}\" y=\"{N(layout.AreaTop + layout.AreaHeight + 16)}\" text-anchor=\"middle\">{Escape(t.ToString(plot.X.TickFormat, CultureInfo.InvariantCulture))}</text>\n");
        }
        foreach (var t in plot.Y.Ticks)
        {
            var (_, y) = layout.ToCanvas(plot, plot.X.Min, t);
            svg.Append($"<line x1=\"{N(layout.AreaLeft)}\" y1=\"{N(y)}\" x2=\"{N(layout.AreaLeft + layout.AreaWidth)}\" y2=\"{N(y)}\" stroke=\"#e0e0e0\"/>\n");
            svg.Append($"<text x=\"{N(layout.AreaLeft - 6)}\" y=\"{N(y + 4)}\" text-anchor=\"end\">{Escape(t.ToString(plot.Y.TickFormat, CultureInfo.InvariantCulture))}</text>\n");
        }
        svg.Append($"<rect x=\"{N(layout.AreaLeft)}\" y=\"{N(layout.AreaTop)}\" width=\"{N(layout.AreaWidth)}\" height=\"{N(layout.AreaHeight)}\" fill=\"none\" stroke=\"black\"/>\n");
        svg.Append($"<text x=\"{N(layout.AreaLeft + layout.AreaWidth / 2)}\" y=\"{height - 12}\" text-anchor=\"middle\">{Escape(plot.X.Label)}</text>\n");
        svg.Append($"<text transform=\"translate(16 {N(layout.AreaTop + layout.AreaHeight / 2)}) rotate(-90)\" text-anchor=\"middle\">{Escape(plot.Y.Label)}</text>\n");

        for (int s = 0; s < plot.Series.Count; s++)
        {
            string colour = PlotPalette.Hex(s);
            var points = layout.CanvasPolyline(plot, plot.Series[s]);
            svg.Append($"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\" points=\"");
            svg.AppendJoin(' ', points.Select(p => $"{N(p.X)},{N(p.Y)}"));
            svg.Append("\"/>\n");
            double legendY = layout.AreaTop + layout.AreaHeight - 12 - 16 * (plot.Series.Count - 1 - s);
            double legendX = layout.AreaLeft + layout.AreaWidth * 0.35;
            svg.Append($"<line x1=\"{N(legendX)}\" y1=\"{N(legendY - 4)}\" x2=\"{N(legendX + 20)}\" y2=\"{N(legendY - 4)}\" stroke=\"{colour}\" stroke-width=\"2\"/>\n");
            svg.Append($"<text x=\"{N(legendX + 26)}\" y=\"{N(legendY)}\">{Escape(plot.Series[s].Label)}</text>\n");
        }
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Escape(string text) => SecurityElement.Escape(text) ?? "";
}
