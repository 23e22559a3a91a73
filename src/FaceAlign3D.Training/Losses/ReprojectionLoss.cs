using static TorchSharp.torch;

namespace FaceAlign3D.Training.Losses;

/// <summary>
/// 2D reprojection of the regressed 68 landmarks (or P points averaged from them, such as AFLW's 21)
/// against 2D labels, mean over the visible points, so 2D-only data sets (300-W, AFLW) train the 62 parameters
/// directly. Per point: the squared distance in crop pixels / 120 (L2), the distance itself (L1 of the
/// distance, as NME counts it), or ParFace's Adaptive Wing of the x and y errors in crop pixels, summed.
/// </summary>
/// <param name="bases">The 3DMM at the 68 landmarks.</param>
/// <param name="mapFrom68">P x 68 averaging weights, or null for the 68 points themselves.</param>
/// <param name="distance">How a point's error counts.</param>
public sealed class ReprojectionLoss(MorphableBases bases, Tensor? mapFrom68 = null, PointDistance distance = PointDistance.Squared)
{
    static readonly AdaptiveWingLoss Awing = new();

    /// <summary>Added to a squared distance before its root, so the gradient stays finite at a perfect fit (about 0.01 crop pixels).</summary>
    internal const double DistanceFloor = 1e-8;

    /// <param name="input">N x 62 normalised parameters.</param>
    /// <param name="landmarks">N x P x 2 crop pixels.</param>
    /// <param name="visibility">N x P, 1 where the point is labelled.</param>
    public Tensor Forward(Tensor input, Tensor landmarks, Tensor visibility)
    {
        using var scope = NewDisposeScope();
        var projected = CropGeometry.ToCropPixels(bases.Vertices(bases.Denormalize(input)));
        if (mapFrom68 is not null)
            projected = matmul(mapFrom68.to_type(projected.dtype), projected);
        var error = projected - landmarks;
        var perPoint = distance switch
        {
            PointDistance.Squared => (error / CropGeometry.InputSize).square().sum(2),
            PointDistance.Euclidean => ((error / CropGeometry.InputSize).square().sum(2) + DistanceFloor).sqrt(),
            _ => Awing.Elementwise(error, zeros_like(error)).sum(2),
        };
        var mask = visibility.to_type(perPoint.dtype);
        return ((perPoint * mask).sum() / mask.sum().clamp_min(1)).MoveToOuterDisposeScope();
    }
}

/// <summary>How <see cref="ReprojectionLoss"/> counts one point's error.</summary>
public enum PointDistance { Squared, Euclidean, AdaptiveWing }
