using FaceAlign3D.Fitting;
using FaceAlign3D.Geometry;
using FaceAlign3D.Morphable.IctFaceKit;
using Xunit.Abstractions;

namespace FaceAlign3D.Tests.Fitting;

/// <summary>
/// Fitting to MediaPipe's 468 points through the barycentric ICT correspondence, against the 68-vertex fit on the
/// same synthetic faces (ground truth made by the model, 468 points evaluated through the correspondence).
/// </summary>
[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public sealed class MediaPipeLandmarkFitTests(ITestOutputHelper output)
{
    private static readonly Lazy<IctMediaPipeCorrespondence> Correspondence = new(() => IctMediaPipeCorrespondence.LoadBuiltIn(IctTestModel.Value.VertexCount));

    private static readonly Lazy<FaceModelFitter> Fitter468 = new(() => new FaceModelFitter(IctTestModel.Value, null, LandmarkLayout.MediaPipe468(Correspondence.Value)));

    private static readonly Lazy<FaceModelFitter> Fitter68 = new(() => new FaceModelFitter(IctTestModel.Value));

    private static LandmarkObservation WithSigma(Point2[] points, double sigma) => new(points, Enumerable.Repeat(sigma, points.Length).ToArray());

    /// <summary>The 468 points of a synthetic face, projected as <see cref="SyntheticFaces.ProjectOrthographic"/> projects vertices.</summary>
    private static Point2[] Project468(SyntheticFace face, float[] vertices)
    {
        var points = Correspondence.Value.Evaluate(vertices);
        var camera = PinholeCamera.ModelToCameraAxes;
        var result = new Point2[IctMediaPipeCorrespondence.PointCount];
        for (int k = 0; k < result.Length; k++)
        {
            var c = camera * (face.Rotation * new Vec3(points[3 * k], points[3 * k + 1], points[3 * k + 2]));
            result[k] = new Point2(face.Scale * c.X + face.Offset.X, face.Scale * c.Y + face.Offset.Y);
        }
        return result;
    }

    [Fact]
    public void The_built_in_table_is_the_committed_tool_output()
    {
        var model = IctTestModel.Value;
        string root = FaceAlign3D.Models.ModelStore.FindRepositoryRoot(AppContext.BaseDirectory)!;
        var file = IctMediaPipeCorrespondence.Load(Path.Combine(root, "tools", "ict-mediapipe-correspondence", IctMediaPipeCorrespondence.FileName), model.VertexCount);
        Assert.Equal(file.Points, Correspondence.Value.Points);
    }

    [Fact]
    public void Barycentric_basis_rows_give_the_correspondence_points_of_any_shape()
    {
        var model = IctTestModel.Value;
        var gen = new SyntheticFaces(seed: 5);
        var identity = gen.Identity(12);
        var expression = gen.Expression();
        var basis = ShapeBasis.FromSurfacePoints(model, Correspondence.Value.Points, 12);
        var fromBasis = new double[3 * basis.Count];
        basis.Evaluate(identity, expression, fromBasis);
        var vertices = new float[3 * model.VertexCount];
        model.Evaluate(identity, expression, vertices);
        var expected = Correspondence.Value.Evaluate(vertices);
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], fromBasis[i], 1e-4); // float model vs double basis
        // Dominant corner as the reported vertex; a weight-1 point is exactly the vertex rows.
        var p = Correspondence.Value.Points[1];
        Assert.Equal(p.Wc > p.Wa && p.Wc > p.Wb ? p.C : p.Wb > p.Wa ? p.B : p.A, basis.Vertices[1]);
        var single = ShapeBasis.FromSurfacePoints(model, LandmarkLayout.MultiPie68(model).Points, 12);
        var byVertex = ShapeBasis.FromModel(model, model.Landmarks68.ToArray(), 12);
        Assert.Equal(byVertex.Vertices, single.Vertices);
        Assert.Equal(byVertex.Mean, single.Mean);
        Assert.Equal(byVertex.Identity, single.Identity);
        Assert.Equal(byVertex.Expression, single.Expression);
    }

    [Fact]
    public void Layouts_carry_their_weights_and_refuse_contours_without_a_jaw()
    {
        var model = IctTestModel.Value;
        var layout = LandmarkLayout.MediaPipe468(Correspondence.Value);
        Assert.Equal(468, layout.Count);
        Assert.Equal(36, layout.RelativeWeights.Count(w => w == LandmarkLayout.DefaultOvalWeight));
        Assert.Equal(1.0, layout.RelativeWeights[1]); // nose tip
        Assert.Equal(LandmarkLayout.DefaultOvalWeight, layout.RelativeWeights[152]); // chin, on the oval
        Assert.All(LandmarkLayout.MultiPie68(model).RelativeWeights, w => Assert.Equal(1.0, w));
        Assert.Contains("mediapipe468", Assert.Throws<ArgumentException>(() => new FaceModelFitter(model, new FitOptions { UseContours = true }, layout)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => LandmarkLayout.MediaPipe468(Correspondence.Value, double.NaN));
        var gen = new SyntheticFaces(seed: 3);
        var truth = gen.Face(30, 0, 20);
        var points68 = SyntheticFaces.ProjectOrthographic(truth, truth.ModelVertices(model), model.Landmarks68);
        Assert.Contains("expected 468", Assert.Throws<ArgumentException>(() => Fitter468.Value.FitImage(new LandmarkObservation(points68), ViewCamera.Orthographic())).Message);
    }

    [Fact]
    public void Noise_free_468_points_recover_the_face()
    {
        var gen = new SyntheticFaces(seed: 7);
        var model = gen.Model;
        for (int trial = 0; trial < 3; trial++)
        {
            var truth = gen.Face(30, 0, 20);
            var vertices = truth.ModelVertices(model);
            var fit = Fitter468.Value.FitImage(WithSigma(Project468(truth, vertices), 0.01), ViewCamera.Orthographic());
            var errors = FaceErrors.AlignedDistances(fit.ModelVertices(model), vertices, model.Regions["face"]);
            output.WriteLine($"trial {trial}: landmark rms {fit.Views[0].RmsError:F4} px, face median {FaceErrors.Median(errors):F4} cm, max {errors.Max():F4} cm, {fit.Iterations} iterations");
            Assert.Equal(468, fit.Views[0].Projected.Length);
            Assert.True(fit.Views[0].RmsError <= 0.05, $"reprojection {fit.Views[0].RmsError} px");
            Assert.True(FaceErrors.Median(errors) <= 0.05, $"median {FaceErrors.Median(errors)} cm");
            Assert.Equal(truth.Scale, fit.Pose.Scale, 2);
        }
    }

    /// <summary>
    /// The same faces and noise for both layouts (sigma = noise): 468 points must recover shape and blendshapes at
    /// least as well as the 68 vertices. Errors: per-face median face-region vertex error after a similarity
    /// alignment, and mean absolute blendshape error, each averaged over the faces.
    /// </summary>
    [Fact]
    public void With_noise_468_points_recover_shape_and_expression_at_least_as_well_as_68()
    {
        var model = IctTestModel.Value;
        var face = model.Regions["face"];
        double[] noise = [1, 2];
        foreach (double level in noise)
        {
            var gen = new SyntheticFaces(seed: 100);
            double shape68 = 0, shape468 = 0, exp68 = 0, exp468 = 0;
            const int faces = 4;
            for (int trial = 0; trial < faces; trial++)
            {
                var truth = gen.Face(30, 0, 20);
                var vertices = truth.ModelVertices(model);
                double sigma = Math.Max(level, 0.01);
                var fit68 = Fitter68.Value.FitImage(WithSigma(gen.AddNoise(SyntheticFaces.ProjectOrthographic(truth, vertices, model.Landmarks68), level), sigma), ViewCamera.Orthographic());
                var fit468 = Fitter468.Value.FitImage(WithSigma(gen.AddNoise(Project468(truth, vertices), level), sigma), ViewCamera.Orthographic());
                shape68 += FaceErrors.Median(FaceErrors.AlignedDistances(fit68.ModelVertices(model), vertices, face)) / faces;
                shape468 += FaceErrors.Median(FaceErrors.AlignedDistances(fit468.ModelVertices(model), vertices, face)) / faces;
                exp68 += ExpressionError(fit68.Expression, truth.Expression) / faces;
                exp468 += ExpressionError(fit468.Expression, truth.Expression) / faces;
            }
            output.WriteLine($"noise {level:F1} px: face median 68 {shape68:F3} cm, 468 {shape468:F3} cm; blendshape mean abs error 68 {exp68:F3}, 468 {exp468:F3}");
            Assert.True(shape468 <= shape68 + 0.005, $"noise {level}: shape {shape468:F3} cm with 468 vs {shape68:F3} cm with 68");
            Assert.True(exp468 <= exp68 + 0.005, $"noise {level}: blendshapes {exp468:F3} with 468 vs {exp68:F3} with 68");
        }
    }

    private static double ExpressionError(double[] fitted, double[] truth) => fitted.Zip(truth, (a, b) => Math.Abs(a - b)).Average();
}
