using FaceAlign3D.Synthesis;

namespace FaceAlign3D.Tests.Synthesis;

public sealed class PushPullInpaintingTests
{
    [Fact]
    public void FillsHolesSmoothlyAndKeepsKnownPixels()
    {
        // A horizontal ramp with a hole in the middle: the fill stays within the ramp's range and follows it.
        const int w = 40, h = 20;
        var rgb = new float[3 * w * h];
        var known = new float[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int i = y * w + x;
                bool hole = x is >= 15 and < 25 && y is >= 5 and < 15;
                known[i] = hole ? 0 : 1;
                for (int c = 0; c < 3; c++)
                    rgb[3 * i + c] = hole ? -100 : x / (float)w;
            }
        var before = (float[])rgb.Clone();
        var inpainting = new PushPullInpainting();
        inpainting.Fill(rgb, known, w, h);
        for (int i = 0; i < w * h; i++)
        {
            if (known[i] == 1)
                Assert.Equal(before[3 * i], rgb[3 * i]);
            else
                Assert.InRange(rgb[3 * i], 0.3f, 0.7f);
        }
        Assert.True(rgb[3 * (10 * w + 16)] < rgb[3 * (10 * w + 23)], "the fill follows the ramp");

        // The pyramid kept between calls carries nothing over: a fill of another image, then this one again.
        var other = Enumerable.Range(0, 3 * 9 * 7).Select(i => (float)(i % 5)).ToArray();
        inpainting.Fill(other, Enumerable.Range(0, 9 * 7).Select(i => i % 3 == 0 ? 1f : 0f).ToArray(), 9, 7);
        var again = (float[])before.Clone();
        inpainting.Fill(again, known, w, h);
        Assert.Equal(rgb, again);
    }

    [Fact]
    public void NothingKnownLeavesTheImageAndBadSizesAreRefused()
    {
        var rgb = new float[12];
        new PushPullInpainting().Fill(rgb, new float[4], 2, 2);
        Assert.All(rgb, v => Assert.Equal(0f, v));
        Assert.Throws<ArgumentException>(() => new PushPullInpainting().Fill(rgb, new float[3], 2, 2));
    }
}
