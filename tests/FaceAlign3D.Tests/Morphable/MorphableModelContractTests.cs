using FaceAlign3D.Morphable;
using FaceAlign3D.Tests.Fitting;

namespace FaceAlign3D.Tests.Morphable;

/// <summary>
/// ICT-FaceKit and the 3DDFA_V2 BFM behave alike behind <see cref="IMorphableModel"/>: the whole mesh, a vertex subset
/// and the extracted basis tables give the same vertices, and the layout (68 landmarks, topology, names) is consistent.
/// </summary>
[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class MorphableModelContractTests
{
    private static IMorphableModel Model(string name) => name switch
    {
        "ict" => IctTestModel.Value,
        "bfm-landmarks" => Bfm3ddfa.Load(SharedData.PathOf("models", "tddfa_v2", "bfm_3ddfa_v2.safetensors")).LandmarkModel,
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [InlineData("ict")]
    [InlineData("bfm-landmarks")]
    public void LayoutIsConsistent(string name)
    {
        var model = Model(name);
        Assert.Equal(3 * model.VertexCount, model.Neutral.Length);
        Assert.Equal(model.VertexCount, model.Topology.VertexCount);
        Assert.Equal(model.ExpressionCount, model.ExpressionNames.Count);
        Assert.Equal(68, model.Landmarks68.Count);
        Assert.All(model.Landmarks68, v => Assert.InRange(v, 0, model.VertexCount - 1));
    }

    [Theory]
    [InlineData("ict")]
    [InlineData("bfm-landmarks")]
    public void WholeMeshSubsetAndTablesAgree(string name)
    {
        var model = Model(name);
        var random = new Random(11);
        // Fewer identity weights than modes: the rest count as zero.
        var identity = Enumerable.Range(0, Math.Min(20, model.IdentityCount)).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var expression = Enumerable.Range(0, model.ExpressionCount).Select(_ => random.NextDouble() * 0.5).ToArray();
        var subset = model.Landmarks68.ToArray();

        var whole = new float[3 * model.VertexCount];
        model.Evaluate(identity, expression, whole);
        var part = new double[3 * subset.Length];
        model.Evaluate(identity, expression, subset, part);
        var mean = new double[part.Length];
        var identityTable = new double[part.Length * identity.Length];
        var expressionTable = new double[part.Length * model.ExpressionCount];
        model.ExtractSubset(subset, identity.Length, mean, identityTable, expressionTable);

        for (int row = 0; row < part.Length; row++)
        {
            double fromTables = mean[row];
            for (int i = 0; i < identity.Length; i++) fromTables += identityTable[row * identity.Length + i] * identity[i];
            for (int j = 0; j < expression.Length; j++) fromTables += expressionTable[row * expression.Length + j] * expression[j];
            double tolerance = 1e-5 * (1 + Math.Abs(part[row]));
            Assert.Equal(part[row], fromTables, tolerance);
            Assert.Equal(part[row], whole[3 * subset[row / 3] + row % 3], tolerance);
            Assert.NotEqual(mean[row], part[row]); // the weights moved every landmark coordinate
        }
    }
}
