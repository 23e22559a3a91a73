using FaceAlign3D.Formats;
using FaceAlign3D.Morphable;
using FaceAlign3D.Tests.Formats;

namespace FaceAlign3D.Tests.Morphable;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class Bfm3ddfaTests
{
    private static string ModelPath => SharedData.PathOf("models", "tddfa_v2", "bfm_3ddfa_v2.safetensors");

    [Fact]
    public void Loads_the_shared_model_and_its_layout_matches_the_metadata()
    {
        var file = SafetensorsFile.Open(ModelPath);
        Assert.Contains("interleaved x,y,z", file.Metadata["layout"]);
        var bfm = Bfm3ddfa.Load(ModelPath);
        Assert.Equal(38365, bfm.DenseVertexCount);
        Assert.Equal(76073 * 3, bfm.Triangles.Length);
        Assert.Equal(68, bfm.Keypoints.Length);
    }

    [Fact]
    public void Sparse_mean_is_the_dense_mean_at_the_keypoints()
    {
        // The metadata says u_base row 3k+c is vertex keypoints[k], coordinate c, of the dense mean.
        var bfm = Bfm3ddfa.Load(ModelPath);
        var dense = bfm.DenseMean.Span;
        var sparse = bfm.LandmarkModel.Neutral;
        var keypoints = bfm.Keypoints.Span;
        for (int k = 0; k < 68; k++)
            for (int c = 0; c < 3; c++)
                Assert.Equal(dense[3 * keypoints[k] + c], sparse[3 * k + c], 1e-2f); // float rounding of values up to 1.3e5
    }

    [Fact]
    public void Dense_model_from_a_pickle_reconstructs_mean_plus_bases()
    {
        // Two vertices (6 rows), 41 identity and 11 expression columns: the loader keeps the first 40 and 10.
        int rows = 6;
        var u = Enumerable.Range(0, rows).Select(i => (double)i).ToArray();
        var wShp = new double[rows * 41];
        var wExp = new double[rows * 11];
        for (int r = 0; r < rows; r++) { wShp[r * 41] = 1; wShp[r * 41 + 40] = 100; wExp[r * 11 + 1] = r; }
        var keypoints = Enumerable.Range(0, 204).Select(i => i % rows).ToArray();
        var bytes = NumpyPickleBuilder.Dict(2,
            ("u", "f8", [rows, 1], false, NumpyPickleBuilder.Floats(u)),
            ("w_shp", "f8", [rows, 41], false, NumpyPickleBuilder.Floats(wShp)),
            ("w_exp", "f8", [rows, 11], false, NumpyPickleBuilder.Floats(wExp)),
            ("keypoints", "i4", [204], false, NumpyPickleBuilder.Ints(keypoints)));
        var dense = Bfm3ddfaDense.FromPickle(PickleNumpyReader.Read(bytes), "dense.pkl", [0, 1, 0]);
        Assert.Equal(2, dense.VertexCount);
        Assert.Equal(0, dense.Landmarks68[0]);
        Assert.Equal(1, dense.Landmarks68[1]);
        var shape = new double[40]; shape[0] = 2;
        var expression = new double[10]; expression[1] = 0.5;
        var mesh = new float[rows];
        dense.Evaluate(shape, expression, mesh);
        Assert.Equal(Enumerable.Range(0, rows).Select(r => r + 2f + 0.5f * r).ToArray(), mesh);
    }

    [Fact]
    public void Dense_model_with_missing_arrays_is_rejected()
    {
        var bytes = NumpyPickleBuilder.Dict(2, ("u", "f8", [3, 1], false, NumpyPickleBuilder.Floats(1, 2, 3)));
        var e = Assert.Throws<ModelFormatException>(() => Bfm3ddfaDense.FromPickle(PickleNumpyReader.Read(bytes), "dense.pkl", []));
        Assert.Contains("w_shp", e.Message);
    }

    [Fact]
    public void Corrupt_safetensors_content_is_rejected()
    {
        float[] P(int n, float v = 1) => Enumerable.Repeat(v, n).ToArray();
        var e = Assert.Throws<ModelFormatException>(() => Bfm3ddfa.Create("bad", P(62), P(62, 0), P(204), P(204 * 40), P(204 * 10), P(300), [0, 1, 2], new int[68]));
        Assert.Contains("param_std", e.Message);
        e = Assert.Throws<ModelFormatException>(() => Bfm3ddfa.Create("bad", P(62), P(62), P(204), P(204 * 40), P(204 * 10), P(300), [0, 1, 100], new int[68]));
        Assert.Contains("tri", e.Message);
        var nan = P(204); nan[7] = float.NaN;
        e = Assert.Throws<ModelFormatException>(() => Bfm3ddfa.Create("bad", P(62), P(62), nan, P(204 * 40), P(204 * 10), P(300), [0, 1, 2], new int[68]));
        Assert.Contains("u_base", e.Message);
    }
}
