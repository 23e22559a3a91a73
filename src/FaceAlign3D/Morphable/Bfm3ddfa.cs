using FaceAlign3D.Formats;

namespace FaceAlign3D.Morphable;

/// <summary>
/// The Basel Face Model pieces 3DDFA_V2 needs around its 62-parameter regressor: the parameter
/// normalisation (mean/std), the sparse model of the 68 landmarks (mean, 40 identity and 10 expression columns)
/// as an <see cref="IMorphableModel"/>, the dense mean shape with its triangles for overlays, and the 68
/// dense-vertex indices of the landmarks. Coordinates are BFM model units.
/// Immutable and thread-safe once loaded.
/// </summary>
internal sealed class Bfm3ddfa
{
    public const int ParamCount = 62;
    public const int PoseParamCount = 12;
    public const int ShapeDim = BfmShapeModel.IdentityModes;
    public const int ExpressionDim = BfmShapeModel.ExpressionModes;
    public const int LandmarkCount = 68;

    private Bfm3ddfa(float[] paramMean, float[] paramStd, float[] meanBase, float[] shapeBase, float[] expressionBase,
        float[] denseMean, int[] triangles, int[] keypoints)
    {
        ParamMean = paramMean;
        ParamStd = paramStd;
        LandmarkModel = new BfmShapeModel(meanBase, shapeBase, expressionBase, [], [.. Enumerable.Range(0, LandmarkCount)]);
        DenseMean = denseMean;
        Triangles = triangles;
        Keypoints = keypoints;
    }

    /// <summary>Mean of the 62 parameters (12 pose, 40 shape, 10 expression) used to de-normalise the network output.</summary>
    public ReadOnlyMemory<float> ParamMean { get; }

    /// <summary>Standard deviation of the 62 parameters.</summary>
    public ReadOnlyMemory<float> ParamStd { get; }

    /// <summary>The sparse model: its 68 vertices are the landmarks in iBUG order (u_base, w_shp_base, w_exp_base), no faces.</summary>
    public IMorphableModel LandmarkModel { get; }

    /// <summary>Dense mean mesh, vertex count x 3 row-major.</summary>
    public ReadOnlyMemory<float> DenseMean { get; }

    public int DenseVertexCount => DenseMean.Length / 3;

    /// <summary>Triangles of the dense mesh, count x 3, 0-based vertex indices.</summary>
    public ReadOnlyMemory<int> Triangles { get; }

    /// <summary>The dense-vertex index of each of the 68 landmarks.</summary>
    public ReadOnlyMemory<int> Keypoints { get; }

    /// <summary>Loads the bfm_3ddfa_v2.safetensors layout (param_mean, param_std, u_base, w_shp_base, w_exp_base, u_dense_mean, tri, keypoints).</summary>
    public static Bfm3ddfa Load(string path) => FromSafetensors(SafetensorsFile.Open(path), path);

    public static Bfm3ddfa FromSafetensors(SafetensorsFile file, string name)
    {
        float[] Tensor(string tensor, params int[] shape)
        {
            var actual = file.Shape(tensor);
            if (!actual.SequenceEqual(shape))
                throw new ModelFormatException(name, $"'{tensor}' has shape [{string.Join(",", actual)}], expected [{string.Join(",", shape)}]");
            return file.ReadFloat(tensor).Data;
        }

        var denseShape = file.Shape("u_dense_mean");
        var triShape = file.Shape("tri");
        if (denseShape.Length != 2 || denseShape[1] != 3 || denseShape[0] < LandmarkCount)
            throw new ModelFormatException(name, $"'u_dense_mean' has shape [{string.Join(",", denseShape)}], expected [N,3]");
        if (triShape.Length != 2 || triShape[1] != 3)
            throw new ModelFormatException(name, $"'tri' has shape [{string.Join(",", triShape)}], expected [M,3]");
        var keypointShape = file.Shape("keypoints");
        if (!keypointShape.SequenceEqual([LandmarkCount]))
            throw new ModelFormatException(name, $"'keypoints' has shape [{string.Join(",", keypointShape)}], expected [68]");

        return Create(name,
            Tensor("param_mean", ParamCount), Tensor("param_std", ParamCount),
            Tensor("u_base", 3 * LandmarkCount), Tensor("w_shp_base", 3 * LandmarkCount, ShapeDim), Tensor("w_exp_base", 3 * LandmarkCount, ExpressionDim),
            file.ReadFloat("u_dense_mean").Data, file.ReadInt32("tri").Data, file.ReadInt32("keypoints").Data);
    }

    internal static Bfm3ddfa Create(string name, float[] paramMean, float[] paramStd, float[] meanBase, float[] shapeBase,
        float[] expressionBase, float[] denseMean, int[] triangles, int[] keypoints)
    {
        RequireFinite(name, "param_mean", paramMean);
        RequireFinite(name, "param_std", paramStd);
        RequireFinite(name, "u_base", meanBase);
        RequireFinite(name, "w_shp_base", shapeBase);
        RequireFinite(name, "w_exp_base", expressionBase);
        RequireFinite(name, "u_dense_mean", denseMean);
        if (paramStd.Any(s => !(s > 0)))
            throw new ModelFormatException(name, "'param_std' has a value that is not positive");
        int vertices = denseMean.Length / 3;
        if (triangles.Any(t => (uint)t >= (uint)vertices))
            throw new ModelFormatException(name, $"'tri' has a vertex index outside 0..{vertices - 1}");
        if (keypoints.Any(k => (uint)k >= (uint)vertices))
            throw new ModelFormatException(name, $"'keypoints' has a vertex index outside 0..{vertices - 1}");
        return new Bfm3ddfa(paramMean, paramStd, meanBase, shapeBase, expressionBase, denseMean, triangles, keypoints);
    }

    private static void RequireFinite(string name, string tensor, float[] values)
    {
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i]))
                throw new ModelFormatException(name, $"'{tensor}' has a non-finite value at element {i}");
    }
}
