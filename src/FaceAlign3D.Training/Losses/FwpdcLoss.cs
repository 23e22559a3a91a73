using static TorchSharp.torch;

namespace FaceAlign3D.Training.Losses;

/// <summary>
/// 3DDFA_V2's fast WPDC (paper, Algorithm 2): one reconstruction S = mean + A alpha of the ground truth,
/// pose column c weighted by |dT| times |S row c| (translation by sqrt K), alpha_i by f |d alpha_i| |A(:, i)|
/// with f the ground truth's scale (mean row norm of sR), all divided by the row maximum and held constant;
/// the cost is the mean of w^2 (p - p_gt)^2 over normalised parameters. Unlike 3DDFA's WPDC it keeps the
/// z translation and takes the scale from each sample instead of a constant.
/// </summary>
public sealed class FwpdcLoss(MorphableBases bases)
{
    public Tensor Forward(Tensor input, Tensor target)
    {
        using var scope = NewDisposeScope();
        return Weighted(input, target, Weights(input.detach(), target.detach())).MoveToOuterDisposeScope();
    }

    public static Tensor Weighted(Tensor input, Tensor target, Tensor weights) => (weights * (input - target)).square().mean();

    internal Tensor Weights(Tensor input, Tensor target)
    {
        var p = bases.Denormalize(input);
        var g = bases.Denormalize(target);
        var diff = (p - g).abs();
        var rowNorms = bases.Shapes(g).norm(2, false);                                   // N x 3
        var columnNorm = cat([rowNorms, full_like(rowNorms[.., ..1], Math.Sqrt(bases.PointCount))], 1);
        var scale = MorphableBases.Pose(g)[.., .., ..3].norm(2, false).mean(new long[] { 1 }, true);   // N x 1
        var basisNorms = cat([bases.Shape, bases.Expression], 1).norm(0, false);
        var weights = cat([diff[.., ..12] * columnNorm.repeat(1, 3), scale * diff[.., 12..] * basisNorms], 1);
        return weights / weights.max(1, true).values.clamp_min(1e-12);
    }
}
