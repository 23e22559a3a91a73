using FaceAlign3D.Formats;

namespace FaceAlign3D.Morphable;

/// <summary>
/// Reads the full dense BFM of 3DDFA_V2 (bfm_noneck_v3.pkl: u, w_shp, w_exp, keypoints), which a user may supply
/// to reconstruct the whole identity/expression mesh instead of the mean shape, into a <see cref="BfmShapeModel"/>.
/// It is not redistributed with the project. Rows are interleaved x,y,z per vertex; keypoints index the flattened
/// rows (3 per landmark). The triangles come from bfm_3ddfa_v2.safetensors, whose dense mean has the same vertices.
/// </summary>
internal static class Bfm3ddfaDense
{
    public static BfmShapeModel Load(string path, ReadOnlySpan<int> triangles) => FromPickle(PickleNumpyReader.ReadFile(path), path, triangles);

    public static BfmShapeModel FromPickle(IReadOnlyDictionary<string, PickledArray> arrays, string name, ReadOnlySpan<int> triangles)
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
        var landmarks = new int[Bfm3ddfa.LandmarkCount];
        for (int k = 0; k < landmarks.Length; k++)
        {
            landmarks[k] = keypoints[3 * k] / 3;
            if (keypoints[3 * k] % 3 != 0 || keypoints[3 * k + 1] != keypoints[3 * k] + 1 || keypoints[3 * k + 2] != keypoints[3 * k] + 2)
                throw new ModelFormatException(name, $"'keypoints' {3 * k}..{3 * k + 2} are not the x, y, z rows of one vertex");
        }
        if (u.Data.Any(v => !float.IsFinite(v)) || shape.Any(v => !float.IsFinite(v)) || expression.Any(v => !float.IsFinite(v)))
            throw new ModelFormatException(name, "the model has non-finite values");
        if (triangles.Length % 3 != 0 || triangles.ContainsAnyExceptInRange(0, rows / 3 - 1))
            throw new ModelFormatException(name, $"the 3DDFA_V2 triangles do not fit its {rows / 3} vertices");
        return new BfmShapeModel(u.Data, shape, expression, BfmShapeModel.FacesOfTriangles(triangles), landmarks);
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
}
