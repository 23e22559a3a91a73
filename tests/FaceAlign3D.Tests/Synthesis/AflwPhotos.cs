using System.Text.Json;
using FaceAlign3D.Fitting;
using FaceAlign3D.Geometry;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Tests.Fitting;

namespace FaceAlign3D.Tests.Synthesis;

/// <summary>AFLW2000-3D dev photos with an ICT fit to their re-annotated 2D landmarks (automatic sigma, orthographic).</summary>
public static class AflwPhotos
{
    public static (Image Photo, FitResult Fit) Fitted(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedData.PathOf("data", "aflw2000-3d", "annotations.json")));
        var sample = doc.RootElement.GetProperty("samples").EnumerateArray().First(s => s.GetProperty("image").GetString() == name);
        var points = sample.GetProperty("landmarks68_2d_reannotated").EnumerateArray()
            .Select(p => new Point2(p[0].GetDouble(), p[1].GetDouble())).ToArray();
        var photo = PixelConversion.ToRgb8(ImageDecoder.Load(SharedData.PathOf("data", "aflw2000-3d", "images", name)));
        var fit = new FaceModelFitter(IctTestModel.Value).FitImage(LandmarkObservation.WithUniformSigma(points), ViewCamera.Orthographic());
        return (photo, fit);
    }
}
