using FaceAlign3D.Morphable;
using FaceAlign3D.Morphable.IctFaceKit;
using FaceAlign3D.Tests.Fitting;
using Xunit.Abstractions;

namespace FaceAlign3D.Tests.Morphable;

public sealed class IctBfm68Tests(ITestOutputHelper output)
{
    private static float[] BfmMean68()
    {
        var bfm = Bfm3ddfa.Load(SharedData.PathOf("models", "tddfa_v2", "bfm_3ddfa_v2.safetensors"));
        var mean = new float[3 * 68];
        bfm.LandmarkModel.Evaluate([], [], mean);
        return mean;
    }

    [Fact]
    public void The_committed_table_is_what_the_placement_makes_on_the_shipped_models()
    {
        var placement = IctBfm68.Place(IctTestModel.Value, BfmMean68());
        output.WriteLine($"inner RMS {placement.InnerRmsCm:F3} cm; surface distance mean {placement.SurfaceDistanceCm.Average():F3}, max {placement.SurfaceDistanceCm.Max():F3} cm");
        output.WriteLine(string.Join(", ", placement.Vertices));
        Assert.Equal(placement.Vertices, IctBfm68.Vertices);
        // The two means agree on the inner face to a few millimetres, and every BFM point lies on the ICT surface.
        Assert.InRange(placement.InnerRmsCm, 0, 0.5);
        Assert.All(placement.SurfaceDistanceCm, d => Assert.InRange(d, 0, 0.6));
    }

    [Fact]
    public void The_jaw_is_where_the_layouts_differ()
    {
        var model = IctTestModel.Value;
        double Distance(int a, int b) => Math.Sqrt(Enumerable.Range(0, 3).Sum(k => Math.Pow(model.Neutral[3 * a + k] - model.Neutral[3 * b + k], 2)));
        var apart = Enumerable.Range(0, 68).Select(l => Distance(IctBfm68.Vertices[l], model.Landmarks68[l])).ToArray();
        output.WriteLine($"jaw (0-16) mean {apart[..17].Average():F2} cm; inner (17-67) mean {apart[17..].Average():F2} cm");
        Assert.True(apart[..17].Average() > 2 * apart[17..].Average());
    }

    [Fact]
    public void Refuses_a_wrong_size() => Assert.Throws<ArgumentException>(() => IctBfm68.Place(IctTestModel.Value, new float[67 * 3]));
}
