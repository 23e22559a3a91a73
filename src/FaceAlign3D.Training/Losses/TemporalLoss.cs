using static TorchSharp.torch;

namespace FaceAlign3D.Training.Losses;

/// <summary>
/// Temporal consistency on consecutive frames: mean squared distance, in crop pixels / 120, between each
/// frame's landmarks and the previous frame's carried by the known 2x3 motion between them (identity for
/// real video, the synthesised similarity for 3DDFA_V2's short-video synthesis).
/// </summary>
public static class TemporalLoss
{
    /// <param name="landmarks">T x K x 2 crop pixels, consecutive frames.</param>
    /// <param name="motions">(T-1) x 2 x 3 affine maps from frame t to t+1, or null for none.</param>
    public static Tensor Forward(Tensor landmarks, Tensor? motions = null)
    {
        using var scope = NewDisposeScope();
        var previous = landmarks[..^1];
        var next = landmarks[1..];
        if (motions is not null)
            previous = matmul(previous, motions[.., .., ..2].transpose(1, 2)) + motions[.., .., 2].unsqueeze(1);
        return ((next - previous) / CropGeometry.InputSize).square().sum(2).mean().MoveToOuterDisposeScope();
    }
}
