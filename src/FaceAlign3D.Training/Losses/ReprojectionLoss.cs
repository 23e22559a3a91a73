using static TorchSharp.torch;

namespace FaceAlign3D.Training.Losses;

/// <summary>
/// 2D reprojection of the regressed 68 (or, through an index map, 21) landmarks against 2D labels: mean
/// squared distance in crop pixels / 120 over the visible points, so 2D-only data sets (300-W, AFLW) train
/// the 62 parameters directly.
/// </summary>
public sealed class ReprojectionLoss(MorphableBases bases, int[]? landmarkSubset = null)
{
    /// <param name="input">N x 62 normalised parameters.</param>
    /// <param name="landmarks">N x P x 2 crop pixels, P = 68 or the subset's length.</param>
    /// <param name="visibility">N x P, 1 where the point is labelled.</param>
    public Tensor Forward(Tensor input, Tensor landmarks, Tensor visibility)
    {
        using var scope = NewDisposeScope();
        var projected = CropGeometry.ToCropPixels(bases.Vertices(bases.Denormalize(input)));
        if (landmarkSubset is not null)
            projected = projected.index_select(1, tensor(landmarkSubset.Select(i => (long)i).ToArray()));
        var squared = ((projected - landmarks) / CropGeometry.InputSize).square().sum(2);
        var mask = visibility.to_type(squared.dtype);
        return ((squared * mask).sum() / mask.sum().clamp_min(1)).MoveToOuterDisposeScope();
    }
}
