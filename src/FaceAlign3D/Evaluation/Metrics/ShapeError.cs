using FaceAlign3D.Geometry;
using FaceAlign3D.Morphable;

namespace FaceAlign3D.Evaluation.Metrics;

/// <summary>Shape errors between a fitted and a true mesh over a vertex range, after a similarity alignment (cm for ICT).</summary>
internal static class ShapeError
{
    /// <summary>Per-vertex distances over <paramref name="region"/> after aligning the fit to the truth (Umeyama similarity).</summary>
    public static double[] AlignedDistances(float[] fitted, float[] truth, VertexRange region)
    {
        var a = new double[3 * region.Count];
        var b = new double[3 * region.Count];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = fitted[3 * region.First + i];
            b[i] = truth[3 * region.First + i];
        }
        var aligned = Umeyama.Estimate(a, b).Apply(a);
        var d = new double[region.Count];
        for (int k = 0; k < d.Length; k++)
        {
            double dx = aligned[3 * k] - b[3 * k], dy = aligned[3 * k + 1] - b[3 * k + 1], dz = aligned[3 * k + 2] - b[3 * k + 2];
            d[k] = Math.Sqrt(dx * dx + dy * dy + dz * dz);
        }
        return d;
    }

    public static double Median(double[] values)
    {
        var s = (double[])values.Clone();
        Array.Sort(s);
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
    }

    /// <summary>Median distance over the model's "face" region between the neutral-expression meshes of two identities.</summary>
    public static double IdentityError(IMorphableModel model, ReadOnlySpan<double> fitted, ReadOnlySpan<double> truth)
    {
        var a = new float[3 * model.VertexCount];
        var b = new float[3 * model.VertexCount];
        model.Evaluate(fitted, [], a);
        model.Evaluate(truth, [], b);
        return Median(AlignedDistances(a, b, model.Regions["face"]));
    }
}
