using FaceAlign3D.Imaging.Codecs.Png;

namespace FaceAlign3D.Tests.Imaging.Codecs;

public class PngFiltersTests
{
    // Steps 1-8 cover every PNG pixel size; 3-8 take the vector Paeth path, 1-2 the scalar one.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(6)]
    [InlineData(8)]
    public void Unfilter_reverses_filter_for_every_type(int step)
    {
        var random = new Random(step);
        int length = step * 37;
        var prior = new byte[length];
        var row = new byte[length];
        random.NextBytes(prior);
        random.NextBytes(row);
        var filtered = new byte[length];
        for (int type = 0; type < PngFilters.Count; type++)
        {
            PngFilters.Filter(type, row, prior, step, filtered);
            Assert.True(PngFilters.Unfilter(type, filtered, prior, step));
            Assert.Equal(row, filtered);
        }
    }

    [Fact]
    public void Paeth_prefers_left_then_above_then_upper_left_on_ties()
    {
        // left=10, above=10, upper-left=10: all distances 0 -> left. Output = filtered + 10.
        byte[] prior = [10, 10, 10, 10, 10, 10];
        byte[] row = [0, 0, 0, 5, 5, 5];
        PngFilters.Unfilter(4, row, prior, 3);
        Assert.Equal(new byte[] { 10, 10, 10, 15, 15, 15 }, row);
        // left=20, above=30, upper-left=10: p=40, distances 20/10/30 -> above (30).
        byte[] prior2 = [10, 30];
        byte[] row2 = [10, 1];
        PngFilters.Unfilter(4, row2, prior2, 1);
        Assert.Equal(new byte[] { 20, 31 }, row2);
    }
}
