using FaceAlign3D.Formats;
using FaceAlign3D.Morphable.IctFaceKit;
using FaceAlign3D.Tests.Fitting;

namespace FaceAlign3D.Tests.Morphable;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public sealed class IctFaceModelTests
{
    private static string ModelDir => SharedData.PathOf("models", "ict_facekit");

    [Fact]
    public void LoadsTheConvertedModel()
    {
        var model = IctTestModel.Value;
        Assert.Equal(26719, model.VertexCount);
        Assert.Equal(100, model.IdentityCount);
        Assert.Equal(53, model.ExpressionCount);
        Assert.Equal(26384, model.Topology.FaceCount);
        Assert.Equal(26, model.ExpressionIndex("jawOpen"));
        Assert.Equal(-1, model.ExpressionIndex("nope"));
        // Values published in the upstream README.
        Assert.Equal([1225, 1888, 1052, 367], model.Landmarks68.Take(4));
        Assert.Equal(5966, model.Landmarks68[67]);
        Assert.Equal(new VertexRange(0, 9408), model.Regions["face"]);
        Assert.Equal([1278, 1272, 12, 1834, 243, 781, 2199, 1447], model.LandmarkAlternatives["jawline_right_substitutes_0_7"]);
        // The README table and the .json agree on every region and jawline list.
        foreach (var (name, range) in IctFaceKitLayout.Regions)
            Assert.Equal(range, model.Regions[name]);
        Assert.Equal(IctFaceKitLayout.JawlineLeftExtended, model.LandmarkAlternatives["jawline_left_extended"]);
        // Model frame: y up (brows above chin), z towards the viewer (nose tip in front of the jaw corners).
        var n = model.Neutral;
        int nose = model.Landmarks68[30], chin = model.Landmarks68[8], jaw = model.Landmarks68[0];
        Assert.True(n[3 * nose + 1] > n[3 * chin + 1]);
        Assert.True(n[3 * nose + 2] > n[3 * jaw + 2] + 5);
    }

    [Fact]
    public void SubsetEvaluationMatchesFullEvaluation()
    {
        var model = IctTestModel.Value;
        var rng = new Random(5);
        var id = Enumerable.Range(0, 30).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var ex = Enumerable.Range(0, 53).Select(_ => rng.NextDouble() < 0.2 ? rng.NextDouble() : 0).ToArray();
        var full = new float[3 * model.VertexCount];
        model.Evaluate(id, ex, full);
        int[] subset = [0, 5, 9408, 26718, 1225];
        var part = new double[3 * subset.Length];
        model.Evaluate(id, ex, subset, part);
        for (int k = 0; k < subset.Length; k++)
            for (int c = 0; c < 3; c++)
                Assert.Equal(full[3 * subset[k] + c], part[3 * k + c], 4);
        // By hand for one coordinate: neutral + sum of weighted modes.
        int v = 1225;
        double expected = model.Neutral[3 * v];
        for (int i = 0; i < 30; i++) expected += id[i] * model.IdentityMode(i)[3 * v];
        for (int j = 0; j < 53; j++) expected += ex[j] * model.ExpressionMode(j)[3 * v];
        Assert.Equal(expected, full[3 * v], 4);
        Assert.Throws<ArgumentException>(() => model.Evaluate(new double[101], ex, full));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Evaluate(id, ex, [26719], new double[3]));
    }

    [Fact]
    public void ImporterReadsTheUpstreamObjLayout()
    {
        var imported = IctObjImporter.ImportFolder(Path.Combine(ModelDir, "source_sample"));
        var model = IctTestModel.Value;
        Assert.Equal(model.VertexCount, imported.VertexCount);
        Assert.Equal(["identity000"], imported.IdentityNames);
        Assert.Equal(["jawOpen"], imported.ExpressionNames);
        Assert.Equal(model.Landmarks68, imported.Landmarks68);
        Assert.Equal(model.Topology.Faces.ToArray(), imported.Topology.Faces.ToArray());
        Assert.Equal(model.Regions["narrow_face_area"], imported.Regions["narrow_face_area"]);
        double neutralDiff = 0, idDiff = 0, jawDiff = 0;
        var jaw = model.ExpressionMode(model.ExpressionIndex("jawOpen"));
        for (int i = 0; i < 3 * model.VertexCount; i++)
        {
            neutralDiff = Math.Max(neutralDiff, Math.Abs(imported.Neutral[i] - model.Neutral[i]));
            idDiff = Math.Max(idDiff, Math.Abs(imported.IdentityMode(0)[i] - model.IdentityMode(0)[i]));
            jawDiff = Math.Max(jawDiff, Math.Abs(imported.ExpressionMode(0)[i] - jaw[i]));
        }
        Assert.True(neutralDiff < 1e-5, $"neutral differs by {neutralDiff}");
        Assert.True(idDiff < 1e-4, $"identity000 differs by {idDiff}");
        Assert.True(jawDiff < 1e-4, $"jawOpen differs by {jawDiff}");
    }

    [Fact]
    public void BrokenInputsGiveModelFormatExceptions()
    {
        var dir = Directory.CreateTempSubdirectory("ict-bad-");
        try
        {
            var e = Assert.Throws<ModelFormatException>(() => IctObjImporter.ImportFolder(dir.FullName));
            Assert.Contains(IctObjImporter.NeutralFile, e.Message);
            File.WriteAllText(Path.Combine(dir.FullName, IctObjImporter.NeutralFile), "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n");
            File.WriteAllText(Path.Combine(dir.FullName, IctObjImporter.IndicesFile), "{\"expressions\": []}");
            Assert.Throws<ModelFormatException>(() => IctObjImporter.ImportFolder(dir.FullName));
            File.WriteAllText(Path.Combine(dir.FullName, IctObjImporter.NeutralFile), "v 0 0 x\n");
            Assert.Throws<ModelFormatException>(() => IctObjImporter.ImportFolder(dir.FullName));
            var json = Path.Combine(dir.FullName, "model.json");
            File.WriteAllText(json, "{\"identity_names\": [");
            Assert.Throws<ModelFormatException>(() => IctFaceModelReader.Load(Path.Combine(ModelDir, "ict_face_model.safetensors"), json));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
