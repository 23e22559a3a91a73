using FaceAlign3D.Morphable;
using FaceAlign3D.Morphable.IctFaceKit;

namespace FaceAlign3D.Fitting;

/// <summary>
/// Which landmarks a fitter compares with the model: for each landmark a point on the ICT surface (a triangle and
/// barycentric weights; a fixed vertex is the case of weight 1 on one corner) and a relative weight that multiplies
/// the observation's 1/sigma^2. Only the x, y of observed landmarks enter the energy (the reprojection term).
/// </summary>
public sealed class LandmarkLayout
{
    /// <summary>Name of the Multi-PIE 68-point layout (3DDFA_V2, iBUG annotations).</summary>
    public const string MultiPie68Name = "multipie68";

    /// <summary>Name of MediaPipe Face Mesh's 468-point layout.</summary>
    public const string MediaPipe468Name = "mediapipe468";

    /// <summary>
    /// MediaPipe's face oval (FACEMESH_FACE_OVAL): the outline of the mesh, which follows the face's silhouette and
    /// hairline rather than fixed skin points, so its position on the surface changes with the view.
    /// </summary>
    public static ReadOnlySpan<int> MediaPipeFaceOval =>
    [
        10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377,
        152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109,
    ];

    /// <summary>Default relative weight of the face-oval points in <see cref="MediaPipe468"/> (sigma doubled).</summary>
    public const double DefaultOvalWeight = 0.25;

    private LandmarkLayout(string name, SurfacePoint[] points, double[] weights, bool multiPieJaw)
    {
        Name = name;
        Points = points;
        RelativeWeights = weights;
        HasMultiPieJaw = multiPieJaw;
    }

    public string Name { get; }

    public IReadOnlyList<SurfacePoint> Points { get; }

    /// <summary>Per-landmark factor on 1/sigma^2 (1 = as observed).</summary>
    public IReadOnlyList<double> RelativeWeights { get; }

    public int Count => Points.Count;

    /// <summary>Whether landmarks 0-16 are the Multi-PIE jaw, which <see cref="ContourMatcher"/> can move to the silhouette.</summary>
    public bool HasMultiPieJaw { get; }

    /// <summary>The model's 68 Multi-PIE landmark vertices, all with weight 1.</summary>
    public static LandmarkLayout MultiPie68(IMorphableModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var points = model.Landmarks68.Select(v => new SurfacePoint(v, v, v, 1, 0, 0, 0)).ToArray();
        return new LandmarkLayout(MultiPie68Name, points, Enumerable.Repeat(1.0, points.Length).ToArray(), multiPieJaw: true);
    }

    /// <summary>
    /// MediaPipe's 468 points on the ICT surface; the face-oval points get <paramref name="ovalWeight"/> (the
    /// person-specific paper down-weights silhouette landmarks for the same reason), all others 1.
    /// </summary>
    public static LandmarkLayout MediaPipe468(IctMediaPipeCorrespondence correspondence, double ovalWeight = DefaultOvalWeight)
    {
        ArgumentNullException.ThrowIfNull(correspondence);
        if (!(ovalWeight >= 0) || !double.IsFinite(ovalWeight))
            throw new ArgumentOutOfRangeException(nameof(ovalWeight), $"the face-oval weight must be finite and non-negative, got {ovalWeight}");
        var weights = Enumerable.Repeat(1.0, correspondence.Points.Count).ToArray();
        foreach (int k in MediaPipeFaceOval)
            weights[k] = ovalWeight;
        return new LandmarkLayout(MediaPipe468Name, correspondence.Points.ToArray(), weights, multiPieJaw: false);
    }
}
