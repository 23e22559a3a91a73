using FaceAlign3D.Geometry;
using FaceAlign3D.Morphable;

namespace FaceAlign3D.Fitting;

/// <summary>The landmark fit in one view: where each landmark's model vertex projects and how far it is from the input.</summary>
/// <param name="Camera">The view's camera as fitted (a free focal length filled in).</param>
/// <param name="Vertices">The model vertex matched to each landmark (jaw landmarks may move to the silhouette); for a
/// barycentric landmark, its triangle's corner with the largest weight.</param>
/// <param name="Projected">Projection of each landmark's model point, pixels.</param>
/// <param name="Residuals">Projected minus observed, pixels; zero where <paramref name="Observed"/> is false.</param>
/// <param name="Observed">Whether each landmark was observed (finite sigma).</param>
public sealed record ViewLandmarkFit(ViewCamera Camera, int[] Vertices, Point2[] Projected, Point2[] Residuals, bool[] Observed)
{
    /// <summary>Root mean square of the residual lengths over observed landmarks, pixels.</summary>
    public double RmsError
    {
        get
        {
            double s = 0; int n = 0;
            for (int k = 0; k < Residuals.Length; k++)
                if (Observed[k]) { s += Residuals[k].X * Residuals[k].X + Residuals[k].Y * Residuals[k].Y; n++; }
            return n == 0 ? 0 : Math.Sqrt(s / n);
        }
    }
}

/// <summary>
/// A fitted face for one frame: model weights, head pose, cameras and per-landmark residuals. Units: model
/// centimetres, pixels, radians.
/// </summary>
public sealed record FitResult
{
    /// <summary>Identity weights (standard-normal PCA coefficients of the first modes).</summary>
    public required double[] Identity { get; init; }

    /// <summary>Blendshape activations in [0, 1], in the order of <see cref="ExpressionNames"/>.</summary>
    public required double[] Expression { get; init; }

    public required IReadOnlyList<string> ExpressionNames { get; init; }

    public required FitPose Pose { get; init; }

    public required ProjectionKind Projection { get; init; }

    /// <summary>The landmark layout fitted (<see cref="LandmarkLayout.Name"/>): multipie68 or mediapipe468.</summary>
    public string Landmarks { get; init; } = LandmarkLayout.MultiPie68Name;

    /// <summary>Per view (one for a single image), with the camera as fitted (a free focal length is filled in).</summary>
    public required ViewLandmarkFit[] Views { get; init; }

    /// <summary>
    /// Final energy (1/2 the sum of squared residuals): of the whole solve for image and multi-view fits; of this
    /// frame's landmark and expression terms at the final values for sequence fits.
    /// </summary>
    public required double Cost { get; init; }

    /// <summary>Solver iterations of the last solve that moved this frame alone (sequences also share one joint solve).</summary>
    public required int Iterations { get; init; }

    public IReadOnlyDictionary<string, double> ExpressionWeights =>
        ExpressionNames.Select((n, j) => (n, j)).ToDictionary(t => t.n, t => Expression[t.j]);

    /// <summary>The fitted mesh in model coordinates (cm, before pose), x, y, z per vertex.</summary>
    public float[] ModelVertices(IMorphableModel model)
    {
        var v = new float[3 * model.VertexCount];
        model.Evaluate(Identity, Expression, v);
        return v;
    }

    /// <summary>A model-space point moved by the head pose (world coordinates for pinhole fits, rotated only for orthographic).</summary>
    public Vec3 Posed(Vec3 modelPoint) => Pose.Rotation * modelPoint + Pose.Translation;
}
