using FaceAlign3D.Morphable;

namespace FaceAlign3D.Fitting;

/// <summary>Summary statistics of per-vertex facial tension over one region.</summary>
public sealed record TensionStats(string Region, int Vertices, double Mean, double MeanAbs, double Min, double Max, double P05, double P95)
{
    internal static TensionStats Of(string region, ReadOnlySpan<float> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        double sum = 0, abs = 0;
        foreach (float t in sorted)
        {
            sum += t;
            abs += Math.Abs(t);
        }
        double Quantile(double q) => sorted[(int)Math.Round(q * (sorted.Length - 1))];
        return new TensionStats(region, sorted.Length, sum / sorted.Length, abs / sorted.Length, sorted[0], sorted[^1], Quantile(0.05), Quantile(0.95));
    }
}

/// <summary>
/// What a fit says beyond its parameters: the fitted and rest meshes, per-vertex facial tension, FACS action units
/// and left/right asymmetry (at the fitted expression and at rest, i.e. the same identity with zero expression).
/// </summary>
public sealed record FitAnalysis(
    float[] Vertices,
    float[] RestVertices,
    float[] Tension,
    double TensionScale,
    TensionStats FaceTension,
    IReadOnlyList<ActionUnitEstimate> ActionUnits,
    BlendshapeAsymmetry BlendshapeAsymmetry,
    LandmarkAsymmetry LandmarkAsymmetry,
    LandmarkAsymmetry RestLandmarkAsymmetry)
{
    /// <summary>
    /// Default k of the tension tanh(k (|e'| - |e|) / 2), per cm: ICT edges near the mouth are 0.1-0.3 cm long and
    /// change by up to about 0.1 cm, so k = 20 /cm maps a 0.05 cm change to a tension of 0.46 and keeps the
    /// strongest expressions short of saturation.
    /// </summary>
    public const double DefaultTensionScale = 20.0;

    /// <summary>Analyses a fit of <paramref name="model"/>.</summary>
    /// <param name="model">The fitted model.</param>
    /// <param name="fit">A fit of it.</param>
    /// <param name="tensionScale">k of the tension (person-specific paper eq 3), per cm.</param>
    public static FitAnalysis Compute(IMorphableModel model, FitResult fit, double tensionScale = DefaultTensionScale)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(fit);
        var vertices = fit.ModelVertices(model);
        var rest = new float[vertices.Length];
        model.Evaluate(fit.Identity, ReadOnlySpan<double>.Empty, rest);
        var tension = new float[model.VertexCount];
        model.Topology.FacialTension(vertices, rest, tensionScale, tension);
        var face = model.Regions.TryGetValue("face", out var range) ? range : new VertexRange(0, model.VertexCount - 1);
        var stats = TensionStats.Of("face", tension.AsSpan(face.First, face.Last - face.First + 1));
        return new FitAnalysis(
            vertices, rest, tension, tensionScale, stats,
            FacsActionUnits.Estimate(fit.ExpressionWeights),
            FaceAsymmetry.Blendshapes(fit.ExpressionNames, fit.Expression),
            FaceAsymmetry.Landmarks(LandmarkPoints(model, vertices)),
            FaceAsymmetry.Landmarks(LandmarkPoints(model, rest)));
    }

    private static double[] LandmarkPoints(IMorphableModel model, float[] vertices)
    {
        var points = new double[3 * model.Landmarks68.Count];
        for (int k = 0; k < model.Landmarks68.Count; k++)
            for (int c = 0; c < 3; c++)
                points[3 * k + c] = vertices[3 * model.Landmarks68[k] + c];
        return points;
    }
}
