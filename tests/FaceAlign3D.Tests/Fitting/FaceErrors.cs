using FaceAlign3D.Evaluation.Metrics;
using FaceAlign3D.Morphable;

namespace FaceAlign3D.Tests.Fitting;

/// <summary>The library's shape errors (<see cref="ShapeError"/>) on the ICT test model.</summary>
public static class FaceErrors
{
    public static double[] AlignedDistances(float[] fitted, float[] truth, VertexRange region) => ShapeError.AlignedDistances(fitted, truth, region);

    public static double Median(double[] values) => ShapeError.Median(values);

    /// <summary>Median face-region distance (cm) between the ICT test model's neutral-expression meshes of two identities.</summary>
    public static double IdentityError(double[] fitted, double[] truth) => ShapeError.IdentityError(IctTestModel.Value, fitted, truth);
}
