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
    internal MorphableBases(Bfm3ddfa model, ScalarType dtype = ScalarType.Float32)
        : this(model.ParamMean, model.ParamStd, LandmarkRows(model.LandmarkModel), dtype)
    {
    }

    private MorphableBases(ReadOnlyMemory<float> paramMean, ReadOnlyMemory<float> paramStd, (float[] Mean, float[] Shape, float[] Expression) rows, ScalarType dtype)
        : this(paramMean, paramStd, rows.Mean, rows.Shape, rows.Expression, dtype)
    {
    }

    /// <summary>The model's rows at its 68 landmarks, read through the morphable-model contract fitting and synthesis use.</summary>
    private static (float[] Mean, float[] Shape, float[] Expression) LandmarkRows(IMorphableModel model)
    {
        int rows = 3 * model.Landmarks68.Count;
        var mean = new double[rows];
        var shape = new double[rows * model.IdentityCount];
        var expression = new double[rows * model.ExpressionCount];
        model.ExtractSubset([.. model.Landmarks68], model.IdentityCount, mean, shape, expression);
        return (Array.ConvertAll(mean, v => (float)v), Array.ConvertAll(shape, v => (float)v), Array.ConvertAll(expression, v => (float)v));
    }

    /// <summary>Bases of any point count K: mean 3K, identity 3K x 40 and expression 3K x 10 row-major.</summary>
    public MorphableBases(ReadOnlyMemory<float> paramMean, ReadOnlyMemory<float> paramStd, ReadOnlyMemory<float> mean,
        ReadOnlyMemory<float> shape, ReadOnlyMemory<float> expression, ScalarType dtype = ScalarType.Float32)
    {
        if (mean.Length % 3 != 0 || shape.Length != mean.Length * Bfm3ddfa.ShapeDim || expression.Length != mean.Length * Bfm3ddfa.ExpressionDim
            || paramMean.Length != Bfm3ddfa.ParamCount || paramStd.Length != Bfm3ddfa.ParamCount)
            throw new ArgumentException("3DMM bases of inconsistent sizes");
        PointCount = mean.Length / 3;
        ParamMean = Tensor(paramMean, [Bfm3ddfa.ParamCount], dtype);
        ParamStd = Tensor(paramStd, [Bfm3ddfa.ParamCount], dtype);
        Mean = Tensor(mean, [mean.Length], dtype);
        Shape = Tensor(shape, [mean.Length, Bfm3ddfa.ShapeDim], dtype);
        Expression = Tensor(expression, [mean.Length, Bfm3ddfa.ExpressionDim], dtype);
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
