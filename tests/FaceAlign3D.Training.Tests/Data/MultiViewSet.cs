using System.Globalization;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;

namespace FaceAlign3D.Training.Tests.Data;

/// <summary>
/// A small multi-view folder in the layout `facealign synth multiview` writes: per group, 68 points of a
/// bumpy 10 x 8 cm grid seen by three pinhole cameras 60 cm away at yaw -30, 0 and 30 degrees (fx 200,
/// 128 x 128 images with a colour gradient); landmarks68_3d are the exact projections; views/gNNN.json holds
/// K, R, t. Groups differ by a shift of the grid.
/// </summary>
internal sealed class MultiViewSet : IDisposable
{
    public const int Size = 128;
    public static readonly double[] YawDegrees = [-30, 0, 30];

    public MultiViewSet(int groups)
    {
        Folder = Path.Combine(Path.GetTempPath(), $"facealign3d-multiview-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(Folder, "images"));
        Directory.CreateDirectory(Path.Combine(Folder, "views"));
        var samples = new List<string>();
        for (int g = 0; g < groups; g++)
        {
            var views = new List<string>();
            for (int v = 0; v < YawDegrees.Length; v++)
            {
                string image = $"g{g:D3}_v{v}.png";
                SaveImage(Path.Combine(Folder, "images", image), g + v);
                var rows = Enumerable.Range(0, 68).Select(k => Project(v, Point(g, k))).Select(p => F($"[{p.X}, {p.Y}, 0]"));
                samples.Add(F($$$"""{"image": "{{{image}}}", "landmarks68_3d": [{{{string.Join(", ", rows)}}}], "recipe": {"kind": "multiview", "group": "g{{{g:D3}}}", "views_file": "views/g{{{g:D3}}}.json", "view": {{{v}}} }}"""));
                var r = Rotation(v);
                views.Add(F($$"""{"name": "g{{g:D3}}_v{{v}}", "image": "../images/{{image}}", "K": [[{{Fx}}, 0, {{Size / 2}}], [0, {{Fx}}, {{Size / 2}}], [0, 0, 1]], "R": [[{{r[0]}}, {{r[1]}}, {{r[2]}}], [{{r[3]}}, {{r[4]}}, {{r[5]}}], [{{r[6]}}, {{r[7]}}, {{r[8]}}]], "t": [0, 0, {{Distance}}]}"""));
            }
            File.WriteAllText(Path.Combine(Folder, "views", $"g{g:D3}.json"), $$"""{"views": [{{string.Join(", ", views)}}]}""");
        }
        WriteAnnotations(samples);
    }

    const double Fx = 200, Distance = 60;

    public string Folder { get; }

    public void WriteAnnotations(IEnumerable<string> samples) =>
        File.WriteAllText(Path.Combine(Folder, "annotations.json"), $$"""{"dataset": "facealign synth multiview", "samples": [{{string.Join(", ", samples)}}]}""");

    /// <summary>World point k of group g (cm): a 9-column grid with a bump in depth.</summary>
    public static (double X, double Y, double Z) Point(int g, int k)
    {
        double x = -5 + k % 9 * 1.25, y = -4 + k / 9 * 1.1;
        return (x + 0.3 * g, y, 2 * Math.Exp(-(x * x + y * y) / 20));
    }

    /// <summary>Rotation about the vertical axis by view v's yaw, row-major.</summary>
    public static double[] Rotation(int v)
    {
        double a = YawDegrees[v] * Math.PI / 180, c = Math.Cos(a), s = Math.Sin(a);
        return [c, 0, s, 0, 1, 0, -s, 0, c];
    }

    /// <summary>Image pixel of a world point in view v.</summary>
    public static (double X, double Y) Project(int v, (double X, double Y, double Z) p)
    {
        var r = Rotation(v);
        double x = r[0] * p.X + r[1] * p.Y + r[2] * p.Z, y = r[3] * p.X + r[4] * p.Y + r[5] * p.Z, z = r[6] * p.X + r[7] * p.Y + r[8] * p.Z + Distance;
        return (Fx * x / z + Size / 2, Fx * y / z + Size / 2);
    }

    static void SaveImage(string path, int shade)
    {
        var image = new Image(Size, Size, PixelFormat.Rgb8);
        for (int y = 0; y < Size; y++)
        {
            var row = image.Row(y);
            for (int x = 0; x < Size; x++) { row[3 * x] = (byte)(2 * x); row[3 * x + 1] = (byte)(2 * y); row[3 * x + 2] = (byte)(40 * shade); }
        }
        ImageEncoder.SavePng(image, path);
    }

    static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
