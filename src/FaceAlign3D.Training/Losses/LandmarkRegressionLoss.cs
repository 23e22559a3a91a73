using static TorchSharp.torch;

namespace FaceAlign3D.Training.Losses;

/// <summary>
/// 3DDFA_V2's landmark-regression regularisation: L2 between the auxiliary head's 136 values (68 x,y
/// interleaved, crop pixels / 120) and the ground-truth 2D landmarks, averaged over visible coordinates.
/// </summary>
public static class LandmarkRegressionLoss
{
    /// <param name="head">N x 136.</param>
    /// <param name="landmarks">N x 68 x 2 crop pixels.</param>
    /// <param name="visibility">N x 68 (1 visible, 0 unlabelled), or null for all.</param>
    public static Tensor Forward(Tensor head, Tensor landmarks, Tensor? visibility = null)
    {
        using var scope = NewDisposeScope();
        var target = landmarks.reshape(landmarks.shape[0], -1) / CropGeometry.InputSize;
        var squared = (head - target).square();
        var mask = visibility is null ? ones_like(squared) : visibility.repeat_interleave(2, 1).to_type(squared.dtype);
        return ((squared * mask).sum() / mask.sum().clamp_min(1)).MoveToOuterDisposeScope();
    }
}
