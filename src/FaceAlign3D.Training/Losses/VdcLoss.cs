using static TorchSharp.torch;

namespace FaceAlign3D.Training.Losses;

/// <summary>
/// 3DDFA's Vertex Distance Cost (vdc_loss.py, opt_style 'all'): mean squared difference of the posed
/// points of prediction and ground truth, the prediction taking the ground truth's z translation
/// (so index 11 gets no gradient, as upstream).
/// </summary>
public sealed class VdcLoss(MorphableBases bases)
{
    public Tensor Forward(Tensor input, Tensor target)
    {
        using var scope = NewDisposeScope();
        var p = bases.Denormalize(input);
        var g = bases.Denormalize(target);
        p = cat([p[.., ..11], g[.., 11..12], p[.., 12..]], 1);
        return (bases.Vertices(p) - bases.Vertices(g)).square().mean().MoveToOuterDisposeScope();
    }
}
