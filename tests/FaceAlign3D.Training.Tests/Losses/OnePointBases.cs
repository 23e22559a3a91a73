using FaceAlign3D.Training.Losses;
using static TorchSharp.torch;

namespace FaceAlign3D.Training.Tests.Losses;

/// <summary>
/// Hand-checkable 3DMM: one point with mean (3, 4, 0), identity column 0 moving x by 1 per unit, no other
/// basis, parameters not normalised (mean 0, std 1). Ground truth: identity rotation, zero translation, alpha 0.
/// </summary>
internal static class OnePointBases
{
    public static MorphableBases Create()
    {
        var shape = new float[3 * 40];
        shape[0] = 1;
        return new MorphableBases(new float[62], Enumerable.Repeat(1f, 62).ToArray(), new float[] { 3, 4, 0 }, shape, new float[3 * 10], ScalarType.Float64);
    }

    public static Tensor Truth()
    {
        var p = new double[62];
        p[0] = p[5] = p[10] = 1;
        return tensor(p).view(1, 62);
    }

    /// <summary>Truth with R00 = 1.5, tx = 2, alpha_0 = 1.</summary>
    public static Tensor Perturbed()
    {
        var p = Truth().clone();
        p[0, 0] = 1.5; p[0, 3] = 2; p[0, 12] = 1;
        return p;
    }
}
