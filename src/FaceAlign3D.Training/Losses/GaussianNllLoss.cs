using static TorchSharp.torch;

namespace FaceAlign3D.Training.Losses;

/// <summary>
/// Gaussian negative log-likelihood with a predicted per-landmark sigma (FlowFace, Eq. 5): for each
/// visible landmark log(sigma^2) + |mu - mu_gt|^2 / (2 sigma^2), averaged; distances in crop pixels / 120,
/// sigma predicted as log sigma for positivity.
/// </summary>
public static class GaussianNllLoss
{
    /// <param name="predicted">N x K x 2 crop pixels.</param>
    /// <param name="target">N x K x 2 crop pixels.</param>
    /// <param name="logSigma">N x K.</param>
    /// <param name="visibility">N x K, or null for all.</param>
    public static Tensor Forward(Tensor predicted, Tensor target, Tensor logSigma, Tensor? visibility = null)
    {
        using var scope = NewDisposeScope();
        var squared = ((predicted - target) / CropGeometry.InputSize).square().sum(2);
        var terms = 2 * logSigma + squared / (2 * exp(2 * logSigma));
        var mask = visibility is null ? ones_like(terms) : visibility.to_type(terms.dtype);
        return ((terms * mask).sum() / mask.sum().clamp_min(1)).MoveToOuterDisposeScope();
    }
}
