using System.Globalization;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Draw;

namespace FaceAlign3D.Evaluation.Reports;

/// <summary>
/// Draws a <see cref="Plot"/> into an RGB image with the same layout as <see cref="SvgPlotWriter"/>: grid, ticks,
/// frame, axis labels, series polylines and a legend, in the built-in bitmap font (the y label is stacked
/// letter by letter since the font does not rotate).
/// </summary>
internal static class PngPlotWriter
{
    private static readonly Color Grid = new(0xe0, 0xe0, 0xe0);

    public static Image Render(Plot plot, int width = 640, int height = 480)
    {
        ArgumentNullException.ThrowIfNull(plot);
        if (width < 160 || height < 120) throw new ArgumentOutOfRangeException(nameof(width), "the canvas must be at least 160 x 120");
        var layout = new PlotLayout(width, height);
        var image = new Image(width, height, PixelFormat.Rgb8);
        Array.Fill(image.Data, (byte)255);
        float left = (float)layout.AreaLeft, top = (float)layout.AreaTop;
        float right = left + (float)layout.AreaWidth, bottom = top + (float)layout.AreaHeight;

        Centred(image, plot.Title, width / 2, 10);
        foreach (var t in plot.X.Ticks)
        {
            float x = (float)layout.ToCanvas(plot, t, plot.Y.Min).X;
            LineRenderer.DrawLine(image, x, top, x, bottom, Grid);
            Centred(image, t.ToString(plot.X.TickFormat, CultureInfo.InvariantCulture), (int)x, (int)bottom + 6);
        }
        foreach (var t in plot.Y.Ticks)
        {
            float y = (float)layout.ToCanvas(plot, plot.X.Min, t).Y;
            LineRenderer.DrawLine(image, left, y, right, y, Grid);
            string label = t.ToString(plot.Y.TickFormat, CultureInfo.InvariantCulture);
            TextRenderer.DrawText(image, (int)left - 6 - TextRenderer.MeasureText(label).Width, (int)y - 4, label, Color.Black);
        }
        LineRenderer.DrawPolyline(image, [(left, top), (right, top), (right, bottom), (left, bottom)], Color.Black, 1, closed: true);
        Centred(image, plot.X.Label, (int)(left + layout.AreaWidth / 2), height - 18);
        string stacked = string.Join('\n', plot.Y.Label.ToCharArray());
        TextRenderer.DrawText(image, 8, (int)(top + layout.AreaHeight / 2 - TextRenderer.MeasureText(stacked).Height / 2), stacked, Color.Black);

        for (int s = 0; s < plot.Series.Count; s++)
        {
            var (r, g, b) = PlotPalette.Of(s);
            var colour = new Color(r, g, b);
            var points = layout.CanvasPolyline(plot, plot.Series[s]).Select(p => ((float)p.X, (float)p.Y)).ToArray();
            LineRenderer.DrawPolyline(image, points, colour, 1.5f);
            float legendY = bottom - 12 - 16 * (plot.Series.Count - 1 - s);
            float legendX = left + (float)layout.AreaWidth * 0.35f;
            LineRenderer.DrawLine(image, legendX, legendY - 4, legendX + 20, legendY - 4, colour, 2);
            TextRenderer.DrawText(image, (int)legendX + 26, (int)legendY - 8, plot.Series[s].Label, Color.Black);
        }
        return image;
    }

    private static void Centred(Image image, string text, int centreX, int top) =>
        TextRenderer.DrawText(image, centreX - TextRenderer.MeasureText(text).Width / 2, top, text, Color.Black);
}
