using FaceAlign3D.Export;
using FaceAlign3D.Fitting;
using FaceAlign3D.Geometry;
using Xunit.Abstractions;

namespace FaceAlign3D.Tests.Fitting;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public sealed class FaceAsymmetryTests(ITestOutputHelper log)
{
    private static double[] Expression(params (string Name, double Weight)[] shapes)
    {
        var model = IctTestModel.Value;
        var e = new double[model.ExpressionCount];
        foreach (var (name, w) in shapes)
            e[model.ExpressionIndex(name)] = w;
        return e;
    }

    /// <summary>Fits exact orthographic landmarks of the mean identity with the given expression and analyses the fit.</summary>
    private static FitAnalysis FitAndAnalyse(double[] expression)
    {
        var model = IctTestModel.Value;
        var face = new SyntheticFace(new double[10], expression, Rotation.FromYawPitchRoll(0.15, -0.05, 0.02), Vec3.Zero, 200.0 / 15.0, new Point2(250, 250));
        var points = SyntheticFaces.ProjectOrthographic(face, face.ModelVertices(model), model.Landmarks68);
        var fit = new FaceModelFitter(model).FitImage(new LandmarkObservation(points, Enumerable.Repeat(0.01, 68).ToArray()), ViewCamera.Orthographic());
        return FitAnalysis.Compute(model, fit);
    }

    [Fact]
    public void A_symmetric_face_scores_near_zero_and_a_one_sided_smile_grows_the_indices()
    {
        var symmetric = FitAndAnalyse(Expression(("mouthSmile_L", 0.5), ("mouthSmile_R", 0.5), ("jawOpen", 0.2)));
        var weak = FitAndAnalyse(Expression(("mouthSmile_L", 0.25)));
        var strong = FitAndAnalyse(Expression(("mouthSmile_L", 0.5)));
        var stronger = FitAndAnalyse(Expression(("mouthSmile_L", 1.0)));
        foreach (var (name, a) in new[] { ("symmetric", symmetric), ("smile_L 0.25", weak), ("smile_L 0.5", strong), ("smile_L 1.0", stronger) })
            log.WriteLine($"{name}: blendshape index {a.BlendshapeAsymmetry.MeanAbsDifference:0.0000}, landmarks {a.LandmarkAsymmetry.MeanCm:0.0000} cm ({a.LandmarkAsymmetry.Normalized:0.0000} IOD), rest {a.RestLandmarkAsymmetry.MeanCm:0.0000} cm, mouth {a.LandmarkAsymmetry.RegionMeansCm["mouth"]:0.0000} cm");

        Assert.True(symmetric.BlendshapeAsymmetry.MeanAbsDifference < 0.005);
        Assert.True(symmetric.LandmarkAsymmetry.MeanCm < 0.01, "the ICT mean face with a symmetric expression is mirror-symmetric to < 0.1 mm");
        Assert.True(weak.BlendshapeAsymmetry.MeanAbsDifference > 0.005 && strong.BlendshapeAsymmetry.MeanAbsDifference > weak.BlendshapeAsymmetry.MeanAbsDifference
            && stronger.BlendshapeAsymmetry.MeanAbsDifference > strong.BlendshapeAsymmetry.MeanAbsDifference);
        Assert.True(weak.LandmarkAsymmetry.MeanCm > 3 * symmetric.LandmarkAsymmetry.MeanCm);
        Assert.True(strong.LandmarkAsymmetry.MeanCm > weak.LandmarkAsymmetry.MeanCm && stronger.LandmarkAsymmetry.MeanCm > strong.LandmarkAsymmetry.MeanCm);
        Assert.True(stronger.LandmarkAsymmetry.RegionMeansCm["mouth"] > stronger.LandmarkAsymmetry.RegionMeansCm["brows"], "a smile is asymmetric at the mouth");
        // The rest shape has the same identity and no expression: the one-sided smile leaves it symmetric.
        Assert.True(stronger.RestLandmarkAsymmetry.MeanCm < 0.01);
    }

    [Fact]
    public void Landmark_asymmetry_ignores_the_frame_and_sees_a_moved_point()
    {
        var model = IctTestModel.Value;
        var points = model.Landmarks68.SelectMany(v => new double[] { model.Neutral[3 * v], model.Neutral[3 * v + 1], model.Neutral[3 * v + 2] }).ToArray();
        var baseline = FaceAsymmetry.Landmarks(points);
        // A rigid motion of the whole face changes nothing.
        var r = Rotation.FromYawPitchRoll(0.4, 0.2, -0.3);
        var moved = new double[points.Length];
        for (int k = 0; k < 68; k++)
        {
            var p = r * new Vec3(points[3 * k], points[3 * k + 1], points[3 * k + 2]) + new Vec3(3, -2, 7);
            (moved[3 * k], moved[3 * k + 1], moved[3 * k + 2]) = (p.X, p.Y, p.Z);
        }
        Assert.Equal(baseline.MeanCm, FaceAsymmetry.Landmarks(moved).MeanCm, 1e-9);
        // Pulling the left mouth corner (54) 0.5 cm sideways makes it and its partner (48) the most asymmetric points.
        points[3 * 54] += 0.5;
        var pulled = FaceAsymmetry.Landmarks(points);
        int worst = Array.IndexOf(pulled.Distances, pulled.Distances.Max());
        Assert.Contains(worst, new[] { 48, 54 });
        Assert.InRange(pulled.MaxCm, 0.3, 0.6);
        Assert.Throws<ArgumentException>(() => FaceAsymmetry.Landmarks(new double[3 * 67]));
    }

    [Fact]
    public void Action_units_follow_the_ict_table()
    {
        var model = IctTestModel.Value;
        foreach (var unit in FacsActionUnits.Table)
            Assert.All(unit.Shapes, s => Assert.True(model.ExpressionIndex(s) >= 0, $"{unit.Code}: {s} is not an ICT shape"));
        var weights = model.ExpressionNames.ToDictionary(n => n, _ => 0.0);
        weights["mouthSmile_L"] = 0.8;
        weights["mouthSmile_R"] = 0.2;
        weights["jawOpen"] = 0.5;
        var units = FacsActionUnits.Estimate(weights);
        var au12 = units.Single(u => u.Unit.Code == "AU12");
        Assert.Equal(0.5, au12.Intensity, 12);
        Assert.Equal((0.8, 0.2), (au12.Left!.Value, au12.Right!.Value));
        Assert.Equal(0.5, units.Single(u => u.Unit.Code == "AU27").Intensity);
        Assert.Null(units.Single(u => u.Unit.Code == "AU27").Left);
        Assert.Equal(2, units.Count(u => u.Unit.Code == "AU30"));
        weights.Remove("jawOpen");
        Assert.Contains("jawOpen", Assert.Throws<ArgumentException>(() => FacsActionUnits.Estimate(weights)).Message);
    }

    [Fact]
    public void Tension_is_zero_at_rest_and_the_colour_map_is_blue_white_red()
    {
        var rest = FitAndAnalyse(new double[IctTestModel.Value.ExpressionCount]);
        Assert.True(rest.FaceTension.MeanAbs < 0.02, $"mean |tension| at rest {rest.FaceTension.MeanAbs}");
        var open = FitAndAnalyse(Expression(("jawOpen", 0.8)));
        log.WriteLine($"jawOpen 0.8: tension mean {open.FaceTension.Mean:0.0000}, min {open.FaceTension.Min:0.000}, max {open.FaceTension.Max:0.000}");
        Assert.True(open.FaceTension.Min < -0.2 && open.FaceTension.Max > 0.2, "an open jaw stretches the chin and compresses the lips' corners");

        Assert.Equal(((byte)0, (byte)0, (byte)255), FitTensionColorMap.Color(-1));
        Assert.Equal(((byte)255, (byte)255, (byte)255), FitTensionColorMap.Color(0));
        Assert.Equal(((byte)255, (byte)0, (byte)0), FitTensionColorMap.Color(2));
        Assert.Equal(((byte)255, (byte)128, (byte)128), FitTensionColorMap.Color(0.5));
        Assert.Equal(((byte)128, (byte)128, (byte)128), FitTensionColorMap.Color(double.NaN));
    }
}
