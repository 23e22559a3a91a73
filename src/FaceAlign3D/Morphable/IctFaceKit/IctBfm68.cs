using FaceAlign3D.Geometry;

namespace FaceAlign3D.Morphable.IctFaceKit;

/// <summary>How well the BFM mean landmarks sat on the ICT neutral when the placement was made (cm).</summary>
/// <param name="Vertices">The ICT vertex of each BFM landmark, iBUG order.</param>
/// <param name="InnerRmsCm">RMS distance of the 51 aligned inner BFM landmarks (17-67) to the ICT landmark vertices.</param>
/// <param name="SurfaceDistanceCm">Distance of each aligned BFM landmark to its ICT vertex.</param>
internal sealed record IctBfm68Placement(int[] Vertices, double InnerRmsCm, double[] SurfaceDistanceCm);

/// <summary>
/// The 68 landmarks as 3DDFA_V2's BFM places them (the layout the tddfa aligner predicts), as ICT-FaceKit vertices
/// (docs/synthesis.md). The two layouts share the Multi-PIE semantics but not the points: BFM's jaw runs lower and
/// further out than ICT's landmark vertices. <see cref="Place"/> makes the table: a similarity (Umeyama, with scale)
/// takes the BFM mean shape's 51 inner landmarks onto the ICT neutral's, and each of the 68 aligned BFM points goes to
/// its nearest vertex of the ICT face region. <see cref="Vertices"/> is its output on the shipped models, committed so
/// the library does not need the BFM file; a test re-derives it.
/// </summary>
internal static class IctBfm68
{
    private const int InnerFirst = 17;

    /// <summary>ICT vertex of each BFM landmark, iBUG order, from <see cref="Place"/> on ict_face_model and bfm_3ddfa_v2.</summary>
    public static IReadOnlyList<int> Vertices { get; } =
    [
        8129, 8050, 7885, 8841, 8859, 1831, 790, 2196, 969, 4387, 3031, 4033, 3064, 9164, 7158, 7323, 7403,
        267, 1009, 1031, 1416, 2033, 4222, 3630, 3251, 3229, 2508, 971, 979, 4842, 4841, 4562, 2076, 5,
        4282, 5027, 6590, 1542, 1573, 1372, 1518, 1551, 3587, 3787, 3756, 6548, 3765, 3732, 5929, 5695, 2069,
        0, 4263, 6200, 6434, 6330, 6480, 5518, 5977, 5825, 5749, 5709, 5526, 6214, 6066, 6485, 5517, 5981,
    ];

    /// <param name="model">the ICT model (its neutral, 68-landmark table and "face" region).</param>
    /// <param name="bfmMean68">the BFM sparse mean shape, 68 x (x, y, z) in iBUG order (u_base).</param>
    /// <exception cref="ArgumentException">not 68 finite points, or a model without a face region.</exception>
    public static IctBfm68Placement Place(IMorphableModel model, ReadOnlySpan<float> bfmMean68)
    {
        if (bfmMean68.Length != 3 * 68)
            throw new ArgumentException($"the BFM mean has {bfmMean68.Length} values, expected {3 * 68}", nameof(bfmMean68));
        if (!model.Regions.TryGetValue("face", out var face))
            throw new ArgumentException("the model has no face region", nameof(model));
        int inner = 68 - InnerFirst;
        var source = new double[3 * inner];
        var target = new double[3 * inner];
        for (int i = 0; i < inner; i++)
            for (int k = 0; k < 3; k++)
            {
                source[3 * i + k] = bfmMean68[3 * (InnerFirst + i) + k];
                target[3 * i + k] = model.Neutral[3 * model.Landmarks68[InnerFirst + i] + k];
            }
        var similarity = Umeyama.Estimate(source, target, estimateScale: true);
        var aligned = similarity.Apply(source);
        double sum = 0;
        for (int i = 0; i < aligned.Length; i++)
            sum += (aligned[i] - target[i]) * (aligned[i] - target[i]);

        var all = new double[3 * 68];
        for (int i = 0; i < all.Length; i++)
            all[i] = bfmMean68[i];
        var placed = similarity.Apply(all);
        var vertices = new int[68];
        var distances = new double[68];
        var neutral = model.Neutral;
        for (int l = 0; l < 68; l++)
        {
            var p = new Vec3(placed[3 * l], placed[3 * l + 1], placed[3 * l + 2]);
            double best = double.MaxValue;
            for (int v = face.First; v <= face.Last; v++)
            {
                double d = (new Vec3(neutral[3 * v], neutral[3 * v + 1], neutral[3 * v + 2]) - p).LengthSquared;
                if (d < best)
                    (best, vertices[l]) = (d, v);
            }
            distances[l] = Math.Sqrt(best);
        }
        return new IctBfm68Placement(vertices, Math.Sqrt(sum / inner), distances);
    }
}
