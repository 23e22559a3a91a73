using FaceAlign3D.Morphable;
using static TorchSharp.torch;

namespace FaceAlign3D.Training.Losses;

/// <summary>
/// The 3DMM pieces the parameter losses need, as tensors of one dtype: the 62-parameter normalisation
/// and the sparse bases (mean u, identity and expression columns, rows interleaved x,y,z per point).
/// Reconstruction follows 3DDFA: V = [sR | t] [u + W_shp a_shp + W_exp a_exp ; 1].
/// </summary>
public sealed class MorphableBases : IDisposable
{
    public MorphableBases(Bfm3ddfa model, ScalarType dtype = ScalarType.Float32)
    {
        ParamMean = Tensor(model.ParamMean, [Bfm3ddfa.ParamCount], dtype);
        ParamStd = Tensor(model.ParamStd, [Bfm3ddfa.ParamCount], dtype);
        Mean = Tensor(model.MeanBase, [3 * Bfm3ddfa.LandmarkCount], dtype);
        Shape = Tensor(model.ShapeBase, [3 * Bfm3ddfa.LandmarkCount, Bfm3ddfa.ShapeDim], dtype);
        Expression = Tensor(model.ExpressionBase, [3 * Bfm3ddfa.LandmarkCount, Bfm3ddfa.ExpressionDim], dtype);
        PointCount = Bfm3ddfa.LandmarkCount;
    }

    public Tensor ParamMean { get; }
    public Tensor ParamStd { get; }
    /// <summary>Mean shape, 3K values.</summary>
    public Tensor Mean { get; }
    /// <summary>Identity basis, 3K x 40.</summary>
    public Tensor Shape { get; }
    /// <summary>Expression basis, 3K x 10.</summary>
    public Tensor Expression { get; }
    public int PointCount { get; }

    public Tensor Denormalize(Tensor normalised) => normalised * ParamStd + ParamMean;

    /// <summary>The 3x4 matrix [sR | t] of de-normalised parameters, N x 3 x 4.</summary>
    public static Tensor Pose(Tensor parameters) => parameters[.., ..12].reshape(-1, 3, 4);

    /// <summary>Model-space points before the pose, N x 3 x K (rows x, y, z).</summary>
    public Tensor Shapes(Tensor parameters)
    {
        var alphaShape = parameters[.., 12..52];
        var alphaExpression = parameters[.., 52..62];
        var flat = Mean + matmul(alphaShape, Shape.T) + matmul(alphaExpression, Expression.T);
        return flat.reshape(-1, PointCount, 3).permute(0, 2, 1);
    }

    /// <summary>Posed points [sR | t] applied to <see cref="Shapes"/>, N x 3 x K.</summary>
    public Tensor Vertices(Tensor parameters)
    {
        var pose = Pose(parameters);
        return matmul(pose[.., .., ..3], Shapes(parameters)) + pose[.., .., 3..];
    }

    static Tensor Tensor(ReadOnlyMemory<float> values, long[] shape, ScalarType dtype) =>
        tensor(values.ToArray(), shape).to_type(dtype);

    public void Dispose()
    {
        ParamMean.Dispose();
        ParamStd.Dispose();
        Mean.Dispose();
        Shape.Dispose();
        Expression.Dispose();
    }
}
