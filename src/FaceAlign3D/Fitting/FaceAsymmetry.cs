using FaceAlign3D.Geometry;

namespace FaceAlign3D.Fitting;

/// <summary>One _L/_R blendshape pair: the subject's left and right weights and their signed difference.</summary>
/// <param name="Name">The pair's name without the _L/_R suffix.</param>
/// <param name="Left">Weight of name_L (the subject's left).</param>
/// <param name="Right">Weight of name_R.</param>
/// <param name="InIndex">Whether the pair counts in the overall index (gaze pairs do not: looking sideways moves the eyes unequally by design).</param>
public sealed record BlendshapePairAsymmetry(string Name, double Left, double Right, bool InIndex)
{
    /// <summary>Left minus right, in [-1, 1].</summary>
    public double Difference => Left - Right;
}

/// <summary>Asymmetry of the fitted blendshapes: per _L/_R pair, and the mean and max |L - R| over the pairs in the index.</summary>
public sealed record BlendshapeAsymmetry(IReadOnlyList<BlendshapePairAsymmetry> Pairs, double MeanAbsDifference, double MaxAbsDifference);

/// <summary>
/// Mirrored 3D landmark asymmetry of one shape: per landmark the distance (cm) between the landmark and its mirror
/// partner reflected through the face's best symmetry plane; the mean and max over the 68 landmarks; the same mean
/// divided by the outer inter-ocular distance; and the mean per region.
/// </summary>
public sealed record LandmarkAsymmetry(double[] Distances, double MeanCm, double MaxCm, double InterocularCm, IReadOnlyDictionary<string, double> RegionMeansCm)
{
    /// <summary><see cref="MeanCm"/> / <see cref="InterocularCm"/>.</summary>
    public double Normalized => MeanCm / InterocularCm;
}

/// <summary>
/// Left/right asymmetry indices of a fitted face, for palsy-style assessments (the ParFace use case: compare the
/// affected side with the other side and with the face at rest). Two independent measures:
/// <list type="bullet">
/// <item>blendshapes: for every ICT pair name_L / name_R, d = w_L - w_R; the index is the mean of |d| over the pairs
/// (eyeLook* gaze pairs excluded).</item>
/// <item>landmarks: the 68 3D landmarks P (model space, cm, before head pose) are mirrored, x -> -x, and relabelled
/// with the Multi-PIE mirror map m (P'_k = M P_m(k)); P' is rigidly aligned to P (Umeyama, no scale), which finds the
/// symmetry plane whatever the frame; the asymmetry of landmark k is |T(P'_k) - P_k|. A mirror-symmetric shape
/// scores 0.</item>
/// </list>
/// </summary>
internal static class FaceAsymmetry
{
    /// <summary>Multi-PIE 68 mirror partner of each landmark (midline points map to themselves).</summary>
    public static IReadOnlyList<int> MultiPieMirror { get; } =
    [
        16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0,
        26, 25, 24, 23, 22, 21, 20, 19, 18, 17,
        27, 28, 29, 30, 35, 34, 33, 32, 31,
        45, 44, 43, 42, 47, 46, 39, 38, 37, 36, 41, 40,
        54, 53, 52, 51, 50, 49, 48, 59, 58, 57, 56, 55,
        64, 63, 62, 61, 60, 67, 66, 65,
    ];

    /// <summary>Landmark regions of the Multi-PIE 68 layout, as inclusive index ranges.</summary>
    public static IReadOnlyDictionary<string, (int First, int Last)> Regions { get; } = new Dictionary<string, (int, int)>
    {
        ["jaw"] = (0, 16),
        ["brows"] = (17, 26),
        ["nose"] = (27, 35),
        ["eyes"] = (36, 47),
        ["mouth"] = (48, 67),
    };

    /// <summary>Blendshape pairs from the names: every name ending in _L whose _R partner exists.</summary>
    public static BlendshapeAsymmetry Blendshapes(IReadOnlyList<string> names, IReadOnlyList<double> weights)
    {
        if (names.Count != weights.Count)
            throw new ArgumentException($"{names.Count} blendshape names for {weights.Count} weights");
        var index = names.Select((n, i) => (n, i)).ToDictionary(t => t.n, t => t.i, StringComparer.Ordinal);
        var pairs = new List<BlendshapePairAsymmetry>();
        foreach (var name in names)
            if (name.EndsWith("_L", StringComparison.Ordinal) && index.TryGetValue(name[..^2] + "_R", out int right))
            {
                string stem = name[..^2];
                pairs.Add(new BlendshapePairAsymmetry(stem, weights[index[name]], weights[right], !stem.StartsWith("eyeLook", StringComparison.Ordinal)));
            }
        var used = pairs.Where(p => p.InIndex).Select(p => Math.Abs(p.Difference)).ToList();
        return new BlendshapeAsymmetry(pairs, used.Count == 0 ? 0 : used.Average(), used.Count == 0 ? 0 : used.Max());
    }

    /// <summary>Mirrored landmark asymmetry of 68 model-space landmarks (x, y, z per landmark, cm).</summary>
    /// <exception cref="ArgumentException">not 68 finite points, or the outer eye corners coincide.</exception>
    public static LandmarkAsymmetry Landmarks(ReadOnlySpan<double> points)
    {
        if (points.Length != 3 * MultiPieMirror.Count)
            throw new ArgumentException($"landmark asymmetry needs {MultiPieMirror.Count} 3D points, got {points.Length / 3.0}");
        PointSpans.CheckFinite(points, "landmark asymmetry");
        int n = MultiPieMirror.Count;
        var mirrored = new double[3 * n];
        for (int k = 0; k < n; k++)
        {
            int m = MultiPieMirror[k];
            mirrored[3 * k] = -points[3 * m];
            mirrored[3 * k + 1] = points[3 * m + 1];
            mirrored[3 * k + 2] = points[3 * m + 2];
        }
        var aligned = Umeyama.Estimate(mirrored, points, estimateScale: false).Apply(mirrored);
        var distances = new double[n];
        for (int k = 0; k < n; k++)
            distances[k] = new Vec3(aligned[3 * k] - points[3 * k], aligned[3 * k + 1] - points[3 * k + 1], aligned[3 * k + 2] - points[3 * k + 2]).Length;
        double interocular = new Vec3(points[3 * 36] - points[3 * 45], points[3 * 36 + 1] - points[3 * 45 + 1], points[3 * 36 + 2] - points[3 * 45 + 2]).Length;
        if (!(interocular > 1e-9))
            throw new ArgumentException("landmark asymmetry: the outer eye corners (36, 45) coincide");
        var regions = Regions.ToDictionary(r => r.Key, r => distances[r.Value.First..(r.Value.Last + 1)].Average());
        return new LandmarkAsymmetry(distances, distances.Average(), distances.Max(), interocular, regions);
    }
}
