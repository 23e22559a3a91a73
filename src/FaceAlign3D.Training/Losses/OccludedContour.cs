using static TorchSharp.torch;

namespace FaceAlign3D.Training.Losses;

/// <summary>
/// Which 2D jaw labels to trust on a turned face. 300-W's annotators follow the visible silhouette, while the
/// 3DMM's contour points (0-16) are fixed vertices on the 3D jaw line, as AFLW2000-3D's 68 are; on the far side
/// of a turned head the two disagree most. From reference parameters (a teacher's), the mask drops the far half
/// of the contour (0-7 or 9-16; the chin 8 stays) when the face's yaw exceeds a threshold. The far half is the
/// one whose posed points have the smaller mean z (the posed frame has y up and z toward the camera); the yaw
/// is the angle between the face's forward axis (the rotation's third column) and the camera axis, in the
/// horizontal plane, so neither depends on a sign convention for yaw.
/// </summary>
public sealed class OccludedContour(MorphableBases bases, double yawDegrees)
{
    const int Contour = 17, Chin = 8;

    /// <summary>N x 68: 0 for far-side contour points of faces turned beyond the threshold, else 1.</summary>
    /// <param name="reference">N x 62 normalised parameters.</param>
    public Tensor Mask(Tensor reference)
    {
        if (bases.PointCount != 68) throw new ArgumentException("the contour mask needs the 68-point bases");
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var parameters = bases.Denormalize(reference.detach());
        var forward = MorphableBases.Pose(parameters)[.., .., 2];
        var yaw = atan2(forward[.., 0].abs(), forward[.., 2]);
        var turned = yaw > yawDegrees * Math.PI / 180;
        var z = bases.Vertices(parameters)[.., 2];
        var first = z[.., ..Chin].mean([1]);
        var second = z[.., (Chin + 1)..Contour].mean([1]);
        var dropFirst = (turned & (first < second)).logical_not().to_type(z.dtype).unsqueeze(1);
        var dropSecond = (turned & (first >= second)).logical_not().to_type(z.dtype).unsqueeze(1);
        long n = z.shape[0];
        var mask = cat([dropFirst.expand(n, Chin), ones(n, 1, dtype: z.dtype), dropSecond.expand(n, Chin), ones(n, 68 - Contour, dtype: z.dtype)], 1);
        return mask.MoveToOuterDisposeScope();
    }
}
