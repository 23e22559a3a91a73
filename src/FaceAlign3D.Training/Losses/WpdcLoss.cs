using static TorchSharp.torch;

namespace FaceAlign3D.Training.Losses;

/// <summary>
/// 3DDFA's Weighted Parameter Distance Cost (wpdc_loss.py, resample_num = 0, over the bases given):
/// mean of w * (p - p_gt)^2 on normalised parameters, with weights held constant (no gradient):
/// pose column c weighted by |dp| times the norm of the ground-truth shape's coordinate row c
/// (translation by sqrt K), identity/expression by 0.00057339936 |dp| times the basis column norm,
/// plus 1e-6, divided by the row maximum, and the z translation weight set to 0.
/// </summary>
public sealed class WpdcLoss(MorphableBases bases)
{
    /// <summary>3DDFA's typical scale of [sR] applied to the identity/expression weights.</summary>
    public const double ShapeScale = 0.00057339936;
    const double Eps = 1e-6;

    public Tensor Forward(Tensor input, Tensor target)
    {
        using var scope = NewDisposeScope();
        return Weighted(input, target, Weights(input.detach(), target.detach())).MoveToOuterDisposeScope();
    }

    /// <summary>The cost with given (constant) weights: the function whose gradient training follows.</summary>
    public static Tensor Weighted(Tensor input, Tensor target, Tensor weights) => (weights * (input - target).square()).mean();

    /// <summary>1 everywhere but the z translation (index 11), which 3DDFA leaves out of the weights.</summary>
    static Tensor TranslationZMask(Tensor like)
    {
        var mask = ones(62, like.dtype, like.device);
        mask[11] = 0;
        return mask;
    }

    internal Tensor Weights(Tensor input, Tensor target)
    {
        var p = bases.Denormalize(input);
        var g = bases.Denormalize(target);
        var rowNorms = bases.Shapes(g).norm(2, true).squeeze(-1);   // N x 3: |x row|, |y row|, |z row|
        var translationNorm = Math.Sqrt(bases.PointCount);
        var diff = (p - g).abs();

        var columnNorm = cat([rowNorms, full_like(rowNorms[.., ..1], translationNorm)], 1);   // N x 4 per pose column
        var poseWeights = diff[.., ..12] * columnNorm.repeat(1, 3);
        var basisNorms = cat([bases.Shape, bases.Expression], 1).norm(0, false, 2);
        var shapeWeights = ShapeScale * diff[.., 12..] * basisNorms;
        var weights = (cat([poseWeights, shapeWeights], 1) + Eps) * TranslationZMask(input);
        return weights / weights.max(1, true).values;
    }
}
