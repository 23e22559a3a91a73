using FaceAlign3D.Alignment;
using FaceAlign3D.Fitting;
using FaceAlign3D.Geometry;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Morphable.IctFaceKit;
using FaceAlign3D.Pipeline;
using FaceAlign3D.Tests.Pipeline;
using Xunit.Abstractions;

namespace FaceAlign3D.Tests.Fitting;

/// <summary>
/// The ICT fit on real photos: 3DDFA_V2's 68 points (FaceBoxes) against MediaPipe's 468 points (BlazeFace), each
/// with the CLI's automatic sigma (1.5% of the landmark box diagonal). Reports the landmark reprojection RMS of both
/// and, to compare like with like, the 468-point fit's RMS over MediaPipe's own 68-point subset.
/// </summary>
[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public sealed class PhotoLandmarkFitTests(ITestOutputHelper output)
{
    private static readonly Lazy<IctMediaPipeCorrespondence> Correspondence = new(() => IctMediaPipeCorrespondence.LoadBuiltIn(IctTestModel.Value.VertexCount));

    private static LandmarkObservation AutoSigma(Point2[] points)
    {
        double w = points.Max(p => p.X) - points.Min(p => p.X), h = points.Max(p => p.Y) - points.Min(p => p.Y);
        return new LandmarkObservation(points, Enumerable.Repeat(0.015 * Math.Sqrt(w * w + h * h), points.Length).ToArray());
    }

    private static IReadOnlyList<AnalyzedFace> Analyze(Image image, AlignerKind aligner)
    {
        using var handle = AnalyzerFactory.Create(AllModelsFolder.Store, new AnalyzerOptions { Aligner = aligner, Detector = AnalyzerFactory.DefaultDetector(aligner) });
        return handle.Analyzer.Analyze(image).Faces;
    }

    private static Point2[] Xy(IReadOnlyList<System.Numerics.Vector3> points) => points.Select(p => new Point2(p.X, p.Y)).ToArray();

    private static Point2 Centre(Point2[] points) => new(points.Average(p => p.X), points.Average(p => p.Y));

    [Theory]
    [InlineData("obama_small.jpg", 1)]
    [InlineData("trump_hillary.jpg", 2)]
    public void MediaPipe_468_points_fit_closer_than_3ddfa_68_points(string photo, int faces)
    {
        var model = IctTestModel.Value;
        var image = PixelConversion.ToRgb8(ImageDecoder.Load(SharedData.PathOf("data", "samples", photo)));
        var tddfa = Analyze(image, AlignerKind.Tddfa);
        var mediapipe = Analyze(image, AlignerKind.MediaPipe);
        Assert.Equal(faces, tddfa.Count);
        Assert.Equal(faces, mediapipe.Count);
        var fitter68 = new FaceModelFitter(model);
        var fitter468 = new FaceModelFitter(model, null, LandmarkLayout.MediaPipe468(Correspondence.Value));
        var camera = ViewCamera.Orthographic();
        foreach (var mesh in mediapipe)
        {
            var dense = Xy(mesh.Alignment.Landmarks3D);
            Assert.Equal(468, dense.Length);
            var centre = Centre(dense);
            // The 3DDFA face of the same person: the nearest landmark centroid.
            var sparse = tddfa.Select(f => Xy(f.Alignment.Landmarks3D)).MinBy(p => Point2.Distance(Centre(p), centre))!;

            var fit68 = fitter68.FitImage(AutoSigma(sparse), camera);
            var fit468 = fitter468.FitImage(AutoSigma(dense), camera);
            var view = fit468.Views[0];
            var subset = MediaPipeLandmarks68.VertexIndices;
            double subsetRms = Math.Sqrt(subset.Average(k => view.Residuals[k].X * view.Residuals[k].X + view.Residuals[k].Y * view.Residuals[k].Y));
            double interocular = Point2.Distance(dense[33], dense[263]);
            output.WriteLine($"{photo} face at ({centre.X:F0}, {centre.Y:F0}), outer eye corners {interocular:F0} px apart: "
                + $"3DDFA 68 -> RMS {fit68.Views[0].RmsError:F2} px ({fit68.Iterations} it); MediaPipe 468 -> RMS {view.RmsError:F2} px ({fit468.Iterations} it), "
                + $"over its 68-point subset {subsetRms:F2} px; jawOpen {fit68.ExpressionWeights["jawOpen"]:F2} / {fit468.ExpressionWeights["jawOpen"]:F2}");
            Assert.Equal(LandmarkLayout.MediaPipe468Name, fit468.Landmarks);
            Assert.True(view.RmsError < fit68.Views[0].RmsError, $"468-point RMS {view.RmsError:F2} px vs 68-point {fit68.Views[0].RmsError:F2} px");
            Assert.True(view.RmsError < 0.05 * interocular, $"468-point RMS {view.RmsError:F2} px on a face with {interocular:F0} px between the eye corners");
        }
    }
}
