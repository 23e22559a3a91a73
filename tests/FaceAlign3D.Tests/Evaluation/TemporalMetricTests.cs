using FaceAlign3D.Evaluation.Metrics;

namespace FaceAlign3D.Tests.Evaluation;

public class TemporalMetricTests
{
    [Fact]
    public void StabilityOfAlternatingJitterIsTwiceTheJitterOverTheBoxSize()
    {
        // True track: a 40 x 10 box of points sliding by (1.5, -0.5) per frame.
        // Prediction: truth + (+0.5, 0) on even frames, (-0.5, 0) on odd frames, so every
        // frame-to-frame offset is off by 1 pixel: stability = 1 / sqrt(40 * 10) = 0.05.
        double[] shape = [0, 0, 40, 0, 40, 10, 0, 10, 20, 5];
        var truth = new List<LandmarkSet>();
        var predicted = new List<LandmarkSet>();
        for (int t = 0; t < 12; t++)
        {
            var g = new double[shape.Length];
            var p = new double[shape.Length];
            double jitter = t % 2 == 0 ? 0.5 : -0.5;
            for (int i = 0; i < shape.Length; i += 2)
            {
                g[i] = shape[i] + 1.5 * t; g[i + 1] = shape[i + 1] - 0.5 * t;
                p[i] = g[i] + jitter; p[i + 1] = g[i + 1];
            }
            truth.Add(new LandmarkSet(g, 2));
            predicted.Add(new LandmarkSet(p, 2));
        }

        var result = Stability.Compute(predicted, truth);

        Assert.Equal(11, result.PerTransition.Count);
        Assert.All(result.PerTransition, v => Assert.Equal(0.05, v, 12));
        Assert.Equal(0.05, result.Mean, 12);
    }

    [Fact]
    public void StabilityIgnoresAConstantBias()
    {
        var truth = Enumerable.Range(0, 5).Select(t => new LandmarkSet([t, 0, 10 + t, 0, 10 + t, 10, t, 10], 2)).ToList();
        var biased = truth.Select(s => new LandmarkSet(s.Coordinates.ToArray().Select(v => v + 3).ToArray(), 2)).ToList();
        Assert.Equal(0, Stability.Compute(biased, truth).Mean, 12);
    }

    [Fact]
    public void SsmeOfDriftingMeshGrowsLinearlyWithTheWindow()
    {
        // True vertices move by (2, 1) px per frame; the prediction drifts an extra (0.3, 0.4) per
        // frame, so every flow over h frames is off by 0.5 h: SSME_h = 0.5 h and, over h = 1..30,
        // SSME = 0.5 * 15.5 = 7.75.
        var (truth, predicted) = MovingMesh(frames: 40, vertices: 50, drift: (0.3, 0.4), drifting: _ => true);

        var result = Ssme.Compute(truth, predicted);

        Assert.Equal(30, result.Windows);
        for (int h = 1; h <= 30; h++) Assert.Equal(0.5 * h, result.PerWindow[h - 1], 9);
        Assert.Equal(7.75, result.Ssme, 9);
    }

    [Fact]
    public void SsmeUsesOnlyTheWindowsTheSequenceAllows()
    {
        // 10 frames: h = 1..9, SSME = 0.5 * mean(1..9) = 2.5.
        var (truth, predicted) = MovingMesh(frames: 10, vertices: 5, drift: (0.3, 0.4), drifting: _ => true);
        var result = Ssme.Compute(truth, predicted);
        Assert.Equal(9, result.Windows);
        Assert.Equal(2.5, result.Ssme, 9);
    }

    [Fact]
    public void SsmeRegionsAndVisibility()
    {
        // Only the first 10 of 40 vertices drift. Region "a" = drifting ones, "b" = the others,
        // "all" = every vertex: EPE is a quarter of the drifting one.
        var (truth, predicted) = MovingMesh(frames: 31, vertices: 40, drift: (0.3, 0.4), drifting: v => v < 10);
        var regions = new Dictionary<string, int[]>
        {
            ["a"] = [.. Enumerable.Range(0, 10)],
            ["b"] = [.. Enumerable.Range(10, 30)],
            ["all"] = [.. Enumerable.Range(0, 40)],
        };

        var result = Ssme.ComputeRegions(truth, predicted, regions);

        Assert.Equal(7.75, result["a"].Ssme, 9);
        Assert.Equal(0, result["b"].Ssme, 12);
        Assert.Equal(7.75 / 4, result["all"].Ssme, 9);

        // Hiding the drifting vertices in every frame leaves only exact motion.
        var visible = Enumerable.Range(0, 31).Select(_ => Enumerable.Range(0, 40).Select(v => v >= 10).ToArray()).ToList();
        Assert.Equal(0, Ssme.Compute(truth, predicted, visible: visible).Ssme, 12);
    }

    [Fact]
    public void SsmeIgnoresAConstantOffset()
    {
        var (truth, _) = MovingMesh(frames: 8, vertices: 6, drift: (0, 0), drifting: _ => false);
        var shifted = truth.Select(f => f.Select(v => v + 7).ToArray()).ToList();
        Assert.Equal(0, Ssme.Compute(truth, shifted).Ssme, 12);
    }

    private static (List<double[]> Truth, List<double[]> Predicted) MovingMesh(int frames, int vertices, (double X, double Y) drift, Func<int, bool> drifting)
    {
        var random = new Random(7);
        var rest = Enumerable.Range(0, vertices * 2).Select(_ => random.NextDouble() * 100).ToArray();
        var truth = new List<double[]>();
        var predicted = new List<double[]>();
        for (int t = 0; t < frames; t++)
        {
            var g = new double[rest.Length];
            var p = new double[rest.Length];
            for (int v = 0; v < vertices; v++)
            {
                g[2 * v] = rest[2 * v] + 2 * t;
                g[2 * v + 1] = rest[2 * v + 1] + t;
                bool d = drifting(v);
                p[2 * v] = g[2 * v] + (d ? drift.X * t : 0);
                p[2 * v + 1] = g[2 * v + 1] + (d ? drift.Y * t : 0);
            }
            truth.Add(g);
            predicted.Add(p);
        }
        return (truth, predicted);
    }
}
