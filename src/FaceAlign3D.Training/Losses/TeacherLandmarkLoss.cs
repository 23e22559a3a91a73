using static TorchSharp.torch;

namespace FaceAlign3D.Training.Losses;

/// <summary>
/// A frozen teacher's 68 3D landmarks as pseudo-labels: mean over the batch and the points of the squared 3D
/// distance between the student's and the teacher's posed landmarks, in crop pixels / 120 (or of the distance
/// itself). It keeps depth and the occluded side where 2D labels say nothing, so fine-tuning on 2D data does not
/// forget them.
/// </summary>
public sealed class TeacherLandmarkLoss(MorphableBases bases, PointDistance distance = PointDistance.Squared)
{
    /// <param name="input">N x 62 normalised parameters of the student.</param>
    /// <param name="teacher">N x 62 normalised parameters of the teacher (held constant).</param>
    public Tensor Forward(Tensor input, Tensor teacher)
    {
        using var scope = NewDisposeScope();
        return ForwardToPoints(input, bases.Vertices(bases.Denormalize(teacher.detach()))).MoveToOuterDisposeScope();
    }

    /// <param name="input">N x 62 normalised parameters of the student.</param>
    /// <param name="target">N x 3 x 68 posed landmarks (held constant), such as a flip-averaged teacher's.</param>
    public Tensor ForwardToPoints(Tensor input, Tensor target)
    {
        using var scope = NewDisposeScope();
        var student = bases.Vertices(bases.Denormalize(input));
        var squared = ((student - target.detach()) / CropGeometry.InputSize).square().sum(1);
        var perPoint = distance == PointDistance.Euclidean ? (squared + ReprojectionLoss.DistanceFloor).sqrt() : squared;
        return perPoint.mean().MoveToOuterDisposeScope();
    }
}
