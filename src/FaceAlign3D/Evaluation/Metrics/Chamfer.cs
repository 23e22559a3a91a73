using FaceAlign3D.Geometry;

namespace FaceAlign3D.Evaluation.Metrics;

/// <summary>Settings of <see cref="Chamfer.AfterAlignment"/>.</summary>
internal sealed record ChamferOptions
{
    /// <summary>Whether the keypoint alignment may scale the prediction (true for methods in arbitrary units).</summary>
    public bool EstimateScale { get; init; } = true;

    /// <summary>ICP refinement; its scale setting decides whether ICP may change the keypoint scale.</summary>
    public IcpOptions Icp { get; init; } = new();
}

/// <summary>Per true vertex distance to the aligned prediction, their mean, and the alignment used.</summary>
internal sealed record ChamferResult(double Mean, IReadOnlyList<double> Distances, SimilarityTransform Alignment, IcpResult Refinement)
{
    /// <summary>Mean distance over a region given as true-vertex indices.</summary>
    public double RegionMean(IReadOnlyList<int> vertices)
    {
        ArgumentNullException.ThrowIfNull(vertices);
        if (vertices.Count == 0) throw new ArgumentException("empty region", nameof(vertices));
        double sum = 0;
        foreach (var v in vertices) sum += Distances[v];
        return sum / vertices.Count;
    }
}

/// <summary>
/// NoW-style reconstruction error as used by FlowFace: the predicted mesh is aligned to the true one
/// with a similarity fitted to corresponding keypoints (7 in NoW: eye corners, nose tip, mouth corners),
/// refined by ICP, then each true vertex's distance to the nearest aligned predicted vertex is averaged.
/// </summary>
/// <remarks>
/// NoW measures scan-to-surface distance; this measures scan-to-vertex distance, which is slightly
/// larger and approaches the surface distance as the predicted mesh gets denser.
/// </remarks>
internal static class Chamfer
{
    /// <param name="truthVertices">N x 3 true vertices (the distances are in their units).</param>
    /// <param name="truthKeypoints">K x 3 true keypoints, K &gt;= 3.</param>
    /// <param name="predictedVertices">M x 3 predicted vertices.</param>
    /// <param name="predictedKeypoints">K x 3 predicted keypoints in the same order.</param>
    /// <param name="options">Alignment settings; defaults to a similarity fit and rigid ICP.</param>
    public static ChamferResult AfterAlignment(ReadOnlySpan<double> truthVertices, ReadOnlySpan<double> truthKeypoints,
        ReadOnlySpan<double> predictedVertices, ReadOnlySpan<double> predictedKeypoints, ChamferOptions? options = null)
    {
        options ??= new ChamferOptions();
        var initial = Umeyama.Estimate(predictedKeypoints, truthKeypoints, options.EstimateScale);
        var truthIndex = new NearestPointIndex(truthVertices);
        var icpOptions = options.Icp with { Initial = initial };
        var refinement = Icp.Align(predictedVertices, truthIndex, icpOptions);

        var aligned = refinement.Transform.Apply(predictedVertices);
        var distances = NearestDistances(truthVertices, new NearestPointIndex(aligned));
        return new ChamferResult(Nme.Mean(distances), distances, refinement.Transform, refinement);
    }

    /// <summary>Distance from each N x 3 point to its nearest point in <paramref name="target"/>.</summary>
    public static double[] NearestDistances(ReadOnlySpan<double> points, NearestPointIndex target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (points.Length % 3 != 0)
            throw new ArgumentException("points must be N x 3", nameof(points));
        var distances = new double[points.Length / 3];
        for (int i = 0; i < distances.Length; i++)
        {
            target.Nearest(points[3 * i], points[3 * i + 1], points[3 * i + 2], out double d2);
            distances[i] = Math.Sqrt(d2);
        }
        return distances;
    }
}
