using static TorchSharp.torch;

namespace FaceAlign3D.Training.Losses;

/// <summary>
/// Self-projection consistency of the 3D-aware multi-view paper (Eqs. 2-8): each landmark is triangulated
/// from its predictions in the source views by linear least squares (DLT with the homogeneous coordinate
/// fixed to 1, differentiable through a linear solve), projected into the target views, and compared with
/// the predictions there by L1, averaged over target views and landmarks.
/// </summary>
public static class MultiViewConsistencyLoss
{
    /// <param name="landmarks">V x K x 2 predicted image points of one subject in V views.</param>
    /// <param name="cameras">V x 3 x 4 projection matrices.</param>
    /// <param name="sourceViews">views used for triangulation.</param>
    /// <param name="targetViews">views the triangulated points are projected into.</param>
    public static Tensor Forward(Tensor landmarks, Tensor cameras, long[] sourceViews, long[] targetViews)
    {
        using var scope = NewDisposeScope();
        var points = Triangulate(landmarks.index_select(0, tensor(sourceViews)), cameras.index_select(0, tensor(sourceViews)));
        var targets = tensor(targetViews);
        var projected = Project(points, cameras.index_select(0, targets));
        var observed = landmarks.index_select(0, targets);
        return (projected - observed).abs().sum(2).mean().MoveToOuterDisposeScope();
    }

    /// <summary>K x 3 points from P x K x 2 observations and P x 3 x 4 cameras.</summary>
    public static Tensor Triangulate(Tensor observations, Tensor cameras)
    {
        var row0 = cameras[.., 0].unsqueeze(1);   // P x 1 x 4
        var row1 = cameras[.., 1].unsqueeze(1);
        var row2 = cameras[.., 2].unsqueeze(1);
        var mu = row0 - row2 * observations[.., .., 0..1];   // P x K x 4
        var nu = row1 - row2 * observations[.., .., 1..2];
        var a = cat([mu, nu], 0).permute(1, 0, 2);           // K x 2P x 4
        var lhs = a[.., .., ..3];
        var rhs = -a[.., .., 3..];
        var normal = matmul(lhs.transpose(1, 2), lhs);
        return linalg.solve(normal, matmul(lhs.transpose(1, 2), rhs)).squeeze(-1);
    }

    /// <summary>Q x K x 2 image points of K x 3 points under Q x 3 x 4 cameras.</summary>
    public static Tensor Project(Tensor points, Tensor cameras)
    {
        var homogeneous = cat([points, ones_like(points[.., ..1])], 1);      // K x 4
        var s = matmul(cameras, homogeneous.T).transpose(1, 2);             // Q x K x 3
        return s[.., .., ..2] / s[.., .., 2..3];
    }
}
