using FaceAlign3D.Formats;

namespace FaceAlign3D.Morphable;

/// <summary>
/// The full dense BFM of 3DDFA_V2 (bfm_noneck_v3.pkl: u, w_shp, w_exp, keypoints), which a user may supply
/// to reconstruct the whole identity/expression mesh instead of the mean shape. It is not redistributed with
/// the project. Rows are interleaved x,y,z per vertex; keypoints index the flattened rows (3 per landmark).
/// </summary>
internal sealed class Bfm3ddfaDense
{
    private readonly float[] _mean;
    private readonly float[] _shapeBasis;
    private readonly float[] _expressionBasis;

    private Bfm3ddfaDense(float[] mean, float[] shapeBasis, float[] expressionBasis, int[] keypointRows)
    {
        _mean = mean;
        _shapeBasis = shapeBasis;
        _expressionBasis = expressionBasis;
        KeypointRows = keypointRows;
    }

    public int VertexCount => _mean.Length / 3;

    /// <summary>Rows of the flattened model that hold the 68 landmarks, 204 values (3k+c order).</summary>
    public ReadOnlyMemory<int> KeypointRows { get; }

    public static Bfm3ddfaDense Load(string path) => FromPickle(PickleNumpyReader.ReadFile(path), path);

    public static Bfm3ddfaDense FromPickle(IReadOnlyDictionary<string, PickledArray> arrays, string name)
    {
        PickledArray Get(string key) => arrays.TryGetValue(key, out var a) ? a : throw new ModelFormatException(name, $"no array named '{key}'");

        var u = Get("u").ToFloat();
        int rows = (int)u.ElementCount;
        if (rows == 0 || rows % 3 != 0 || (u.Shape.Length == 2 && u.Shape[1] != 1))
            throw new ModelFormatException(name, $"'u' has shape [{string.Join(",", u.Shape)}], expected [3N,1]");
        float[] shape = Columns(Get("w_shp").ToFloat(), rows, Bfm3ddfa.ShapeDim, "w_shp", name);
        float[] expression = Columns(Get("w_exp").ToFloat(), rows, Bfm3ddfa.ExpressionDim, "w_exp", name);
        int[] keypoints = Get("keypoints").ToInt32().Data;
        if (keypoints.Length != 3 * Bfm3ddfa.LandmarkCount || keypoints.Any(k => (uint)k >= (uint)rows))
            throw new ModelFormatException(name, $"'keypoints' must hold {3 * Bfm3ddfa.LandmarkCount} row indices below {rows}");
        if (u.Data.Any(v => !float.IsFinite(v)) || shape.Any(v => !float.IsFinite(v)) || expression.Any(v => !float.IsFinite(v)))
            throw new ModelFormatException(name, "the model has non-finite values");
        return new Bfm3ddfaDense(u.Data, shape, expression, keypoints);
    }

    /// <summary>Keeps the first <paramref name="count"/> columns of a rows x k basis (3DDFA_V2 uses 40 and 10).</summary>
    private static float[] Columns(DenseArray<float> basis, int rows, int count, string tensor, string name)
    {
        if (basis.Shape.Length != 2 || basis.Shape[0] != rows || basis.Shape[1] < count)
            throw new ModelFormatException(name, $"'{tensor}' has shape [{string.Join(",", basis.Shape)}], expected [{rows},>={count}]");
        int k = basis.Shape[1];
        if (k == count)
            return basis.Data;
        var result = new float[rows * count];
        for (int r = 0; r < rows; r++)
            Array.Copy(basis.Data, r * k, result, r * count, count);
        return result;
    }

    /// <summary>
    /// The dense shape in model space for the given coefficients: mean + identity basis x shape + expression
    /// basis x expression, as VertexCount x 3 row-major floats.
    /// </summary>
    public float[] Reconstruct(ReadOnlySpan<float> shape, ReadOnlySpan<float> expression)
    {
        if (shape.Length != Bfm3ddfa.ShapeDim || expression.Length != Bfm3ddfa.ExpressionDim)
            throw new ArgumentException($"expected {Bfm3ddfa.ShapeDim} shape and {Bfm3ddfa.ExpressionDim} expression coefficients");
        var result = new float[_mean.Length];
        for (int r = 0; r < result.Length; r++)
        {
            double v = _mean[r];
            var ws = _shapeBasis.AsSpan(r * Bfm3ddfa.ShapeDim, Bfm3ddfa.ShapeDim);
            for (int j = 0; j < ws.Length; j++) v += ws[j] * shape[j];
            var we = _expressionBasis.AsSpan(r * Bfm3ddfa.ExpressionDim, Bfm3ddfa.ExpressionDim);
            for (int j = 0; j < we.Length; j++) v += we[j] * expression[j];
            result[r] = (float)v;
        }
        return result;
    }
}
