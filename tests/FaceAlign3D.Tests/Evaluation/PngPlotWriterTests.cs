using FaceAlign3D.Evaluation.Metrics;
using FaceAlign3D.Evaluation.Reports;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;

namespace FaceAlign3D.Tests.Evaluation;

public class PngPlotWriterTests
{
    [Fact]
    public void DrawsTheCurveWhereTheLayoutPutsIt()
    {
        // Half the errors at 2 %, half at 6 %: the CED is 0.5 on [2, 6) and 1 from 6 on. x = 4.5 % lies between grid lines.
        var ced = new CumulativeErrorDistribution([0.02, 0.02, 0.06, 0.06]);
        var plot = CedPlot.Build([("test", ced)]);
        var image = PngPlotWriter.Render(plot, 640, 480);
        Assert.Equal((640, 480, PixelFormat.Rgb8), (image.Width, image.Height, image.Format));

        var layout = new PlotLayout(640, 480);
        var (x, y) = layout.ToCanvas(plot, 4.5, 0.5);
        var on = Pixel(image, (int)Math.Round(x), (int)Math.Round(y));
        Assert.True(on.B > 150 && on.R < 100, $"curve pixel at ({x:F0}, {y:F0}) is {on}");
        var (fx, fy) = layout.ToCanvas(plot, 4.5, 0.25);
        Assert.Equal((255, 255, 255), Pixel(image, (int)Math.Round(fx), (int)Math.Round(fy)));

        string path = Path.Combine(Path.GetTempPath(), $"ced-{Guid.NewGuid():N}.png");
        try
        {
            ImageEncoder.SavePng(image, path);
            var decoded = ImageDecoder.Load(path);
            Assert.Equal(image.Data, decoded.Data);
        }
        finally { File.Delete(path); }
    }

    private static (int R, int G, int B) Pixel(Image image, int x, int y)
    {
        var row = image.Row(y);
        return (row[3 * x], row[3 * x + 1], row[3 * x + 2]);
    }
}
