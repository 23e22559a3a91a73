using System.Globalization;
using FaceAlign3D.Export;

namespace FaceAlign3D.Pipeline;

/// <summary>Writes the fits of an image's faces (stem.face{k}.fit.json/.obj/.ply) and words one line per face.</summary>
internal static class FitFiles
{
    public static List<string> Write(FaceFitting fitting, AlignedImage aligned, IReadOnlyList<FaceFit> fits, string source, string stem)
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>(fits.Count);
        foreach (var face in fits)
        {
            var fit = face.Result;
            var context = new FitJsonContext(source, aligned.Image, aligned.Width, aligned.Height, face.Face, face.Options.UseContours, ["image"],
                null, new Dictionary<string, string>(), face.Milliseconds);
            var files = FitOutputWriter.Write($"{stem}.face{face.Face}", context, fit, fitting.Model, fitting.Uvs);
            var top = fit.ExpressionWeights.OrderByDescending(kv => kv.Value).Take(3).Select(kv => string.Create(c, $"{kv.Key} {kv.Value:0.00}"));
            lines.Add(string.Create(c, $"{source} face {face.Face}: {fit.Landmarks} RMS {fit.Views[0].RmsError:0.00} px, {fit.Iterations} iterations, {face.Milliseconds:0.0} ms; {string.Join(", ", top)}; "
                + $"asymmetry blendshapes {files.Analysis.BlendshapeAsymmetry.MeanAbsDifference:0.000}, landmarks {files.Analysis.LandmarkAsymmetry.Normalized:0.000}; wrote {files.Json}"));
        }
        return lines;
    }
}
