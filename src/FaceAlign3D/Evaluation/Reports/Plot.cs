namespace FaceAlign3D.Evaluation.Reports;

/// <summary>One axis of a plot: its label, data range and tick values.</summary>
internal sealed record PlotAxis(string Label, double Min, double Max, IReadOnlyList<double> Ticks, string TickFormat = "0.##")
{
    /// <summary>Position of a value along the axis as a fraction of its length (0 at Min, 1 at Max).</summary>
    public double Fraction(double value) => Max > Min ? (value - Min) / (Max - Min) : 0;
}

/// <summary>A polyline through data points with a legend label.</summary>
internal sealed record PlotSeries(string Label, IReadOnlyList<(double X, double Y)> Points);

/// <summary>
/// A line plot as data (axes, series, title), independent of how it is drawn: the SVG writer and
/// any raster renderer lay it out with <see cref="PlotLayout"/> and draw the same primitives.
/// </summary>
internal sealed record Plot(string Title, PlotAxis X, PlotAxis Y, IReadOnlyList<PlotSeries> Series);

/// <summary>Maps a <see cref="Plot"/> onto a canvas in pixels (y down), with margins for labels.</summary>
internal sealed record PlotLayout(int Width, int Height, int Left = 64, int Right = 20, int Top = 36, int Bottom = 52)
{
    public double AreaLeft => Left;
    public double AreaTop => Top;
    public double AreaWidth => Width - Left - Right;
    public double AreaHeight => Height - Top - Bottom;

    public (double X, double Y) ToCanvas(Plot plot, double x, double y) =>
        (Left + plot.X.Fraction(x) * AreaWidth, Top + (1 - plot.Y.Fraction(y)) * AreaHeight);

    /// <summary>Series points clipped to the axis ranges and mapped to canvas pixels.</summary>
    public IReadOnlyList<(double X, double Y)> CanvasPolyline(Plot plot, PlotSeries series) =>
        series.Points
            .Select(p => (Math.Clamp(p.X, plot.X.Min, plot.X.Max), Math.Clamp(p.Y, plot.Y.Min, plot.Y.Max)))
            .Select(p => ToCanvas(plot, p.Item1, p.Item2))
            .ToList();
}

/// <summary>Series colours shared by the plot renderers, so the SVG and the PNG of a plot look alike.</summary>
internal static class PlotPalette
{
    private static readonly (byte R, byte G, byte B)[] Colours =
        [(0x1f, 0x77, 0xb4), (0xd6, 0x27, 0x28), (0x2c, 0xa0, 0x2c), (0xff, 0x7f, 0x0e), (0x94, 0x67, 0xbd), (0x8c, 0x56, 0x4b)];

    public static (byte R, byte G, byte B) Of(int series) => Colours[series % Colours.Length];

    public static string Hex(int series)
    {
        var (r, g, b) = Of(series);
        return $"#{r:x2}{g:x2}{b:x2}";
    }
}
