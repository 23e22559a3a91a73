using FaceAlign3D.Fitting;
using FaceAlign3D.Geometry;
using FaceAlign3D.Morphable;
using Xunit.Abstractions;

namespace FaceAlign3D.Tests.Fitting;

public sealed class IctBfm68Tests(ITestOutputHelper output)
{
    private static readonly Lazy<Bfm3ddfa> Bfm = new(() => Bfm3ddfa.Load(SharedData.PathOf("models", "tddfa_v2", "bfm_3ddfa_v2.safetensors")));
    private static readonly Vec3 Frontal = new(0, 0, -1); // ICT faces +z

    private static float[] Face(int seed)
    {
        var model = IctTestModel.Value;
        var rng = new Random(seed);
        var identity = Enumerable.Range(0, model.IdentityCount).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var vertices = new float[3 * model.VertexCount];
        model.Evaluate(identity, new double[model.ExpressionCount], vertices);
        return vertices;
    }

    private static double Distance(float[] v, int a, int b) => Math.Sqrt(Enumerable.Range(0, 3).Sum(k => Math.Pow(v[3 * a + k] - v[3 * b + k], 2)));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void The_fitted_BFM_sits_on_the_ICT_face_and_moves_the_jaw(int seed)
    {
        var model = IctTestModel.Value;
        var face = seed == 0 ? model.Neutral.ToArray() : Face(seed);
        var placement = IctBfm68.Place(model, face, Bfm.Value, Frontal);
        var apart = Enumerable.Range(0, 68).Select(l => Distance(face, placement.Vertices[l], model.Landmarks68[l])).ToArray();
        output.WriteLine($"inner RMS {placement.InnerRmsCm:F3} cm; to the surface mean {placement.SurfaceDistanceCm.Average():F3}, max {placement.SurfaceDistanceCm.Max():F3} cm; " +
            $"from the ICT landmarks: jaw {apart[..17].Average():F2} cm, inner {apart[17..].Average():F2} cm");
        // The fitted BFM reproduces the inner face to a few millimetres and every point lies near the ICT surface...
        Assert.InRange(placement.InnerRmsCm, 0, 0.4);
        Assert.All(placement.SurfaceDistanceCm, d => Assert.InRange(d, 0, 0.8));
        // ...while its jaw runs elsewhere than ICT's jaw landmark vertices.
        Assert.True(apart[..17].Average() > 2 * apart[17..].Average());
        Assert.All(placement.Vertices, v => Assert.True(model.InRegion("face", v)));
    }

    [Fact]
    public void Each_face_gets_its_own_placement()
    {
        var model = IctTestModel.Value;
        var a = IctBfm68.Place(model, Face(1), Bfm.Value, Frontal).Vertices;
        var b = IctBfm68.Place(model, Face(2), Bfm.Value, Frontal).Vertices;
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Refuses_a_wrong_size() =>
        Assert.Throws<ArgumentException>(() => IctBfm68.Place(IctTestModel.Value, new float[67 * 3], Bfm.Value, Frontal));
}
