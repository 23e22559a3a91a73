using FaceAlign3D.Training.Losses;
using static TorchSharp.torch;

namespace FaceAlign3D.Training.Tests.Losses;

public class OccludedContourTests
{
    /// <summary>
    /// The mean face turned about the vertical axis: at +60 deg its points 0-7 (image left, x &lt; 0) come toward
    /// the camera, so 9-16 are the far side, and the other way round at -60 deg; at 20 deg nothing is dropped.
    /// </summary>
    [Theory]
    [InlineData(60, 9)]
    [InlineData(-60, 0)]
    [InlineData(20, -1)]
    public void The_far_half_of_the_jaw_is_dropped_beyond_the_yaw_threshold(double yawDegrees, int firstDropped)
    {
        using var bases = new MorphableBases(LossReference.Model, ScalarType.Float64);
        var mask = new OccludedContour(bases, 40).Mask(Normalised(bases, yawDegrees)).data<double>().ToArray();

        Assert.Equal(68, mask.Length);
        for (int k = 0; k < 68; k++)
        {
            bool dropped = firstDropped >= 0 && k >= firstDropped && k < firstDropped + 8;
            Assert.True(mask[k] == (dropped ? 0 : 1), $"point {k}: {mask[k]}");
        }
    }

    /// <summary>The rule's premise: posed z points toward the camera, so a frontal face's nose tip (30) has a larger z than its jaw.</summary>
    [Fact]
    public void A_frontal_face_points_its_nose_toward_positive_z()
    {
        using var bases = new MorphableBases(LossReference.Model, ScalarType.Float64);
        var z = bases.Vertices(bases.Denormalize(Normalised(bases, 0)))[0, 2].data<double>().ToArray();
        Assert.True(z[30] > z.Take(17).Average(), $"nose {z[30]}, jaw {z.Take(17).Average()}");
    }

    /// <summary>Scale 0.001 times a rotation about y, translated to the crop centre, mean shape and expression.</summary>
    static Tensor Normalised(MorphableBases bases, double yawDegrees)
    {
        double a = yawDegrees * Math.PI / 180, s = 1e-3;
        var p = new double[62];
        double[] pose = [s * Math.Cos(a), 0, s * Math.Sin(a), 60, 0, s, 0, 60, -s * Math.Sin(a), 0, s * Math.Cos(a), 0];
        pose.CopyTo(p, 0);
        var raw = tensor(p).view(1, 62);
        return (raw - bases.ParamMean) / bases.ParamStd;
    }
}
