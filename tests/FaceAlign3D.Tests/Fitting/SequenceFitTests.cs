using FaceAlign3D.Fitting;
using FaceAlign3D.Geometry;
using Xunit.Abstractions;

namespace FaceAlign3D.Tests.Fitting;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public sealed class SequenceFitTests(ITestOutputHelper output)
{
    private const int Frames = 100;
    private const double Noise = 1.5;

    /// <summary>One synthetic person turning and talking smoothly over 100 frames, observed with noisy landmarks.</summary>
    private static (SyntheticFace[] Truth, Point2[][] Clean, LandmarkObservation[] Noisy) MakeClip(int seed)
    {
        var gen = new SyntheticFaces(seed);
        var model = gen.Model;
        var identity = gen.Identity(30);
        int jaw = model.ExpressionIndex("jawOpen"), smile = model.ExpressionIndex("mouthSmile_L"), blink = model.ExpressionIndex("eyeBlink_R");
        var truth = new SyntheticFace[Frames];
        var clean = new Point2[Frames][];
        var noisy = new LandmarkObservation[Frames];
        for (int t = 0; t < Frames; t++)
        {
            double phase = 2 * Math.PI * t / Frames;
            var expression = new double[model.ExpressionCount];
            expression[jaw] = 0.3 * (1 + Math.Sin(2 * phase));
            expression[smile] = 0.25 * (1 + Math.Cos(phase));
            expression[blink] = 0.4 * Math.Max(0, Math.Sin(3 * phase));
            var r = Rotation.FromYawPitchRoll(SyntheticFaces.Radians(18 * Math.Sin(phase)), SyntheticFaces.Radians(6 * Math.Sin(2 * phase + 1)), SyntheticFaces.Radians(4 * Math.Cos(phase)));
            truth[t] = new SyntheticFace(identity, expression, r, Vec3.Zero, 200.0 / 15.0, new Point2(250 + 15 * Math.Sin(phase), 250 + 5 * Math.Cos(phase)));
            clean[t] = SyntheticFaces.ProjectOrthographic(truth[t], truth[t].ModelVertices(model), model.Landmarks68);
            noisy[t] = new LandmarkObservation(gen.AddNoise(clean[t], Noise), [.. Enumerable.Repeat(Noise, 68)]);
        }
        return (truth, clean, noisy);
    }

    private static double IdentityError(double[] identity, double[] truthIdentity) => FaceErrors.IdentityError(identity, truthIdentity);

    /// <summary>Mean landmark distance to the noise-free landmarks, normalised by the 200 px face size.</summary>
    private static double Nme(FitResult[] fits, Point2[][] clean) =>
        fits.Select((f, t) => f.Views[0].Projected.Select((p, k) => Point2.Distance(p, clean[t][k])).Average()).Average() / 200.0;

    /// <summary>RMS over frames and landmarks of the second difference of (fitted - true) landmark tracks, pixels.</summary>
    private static double Jitter(FitResult[] fits, Point2[][] clean)
    {
        double s = 0;
        int n = 0;
        for (int t = 1; t + 1 < fits.Length; t++)
            for (int k = 0; k < 68; k++)
            {
                Point2 E(int i) => fits[i].Views[0].Projected[k] - clean[i][k];
                var a = E(t - 1) + E(t + 1) - E(t) - E(t);
                s += a.X * a.X + a.Y * a.Y;
                n++;
            }
        return Math.Sqrt(s / n);
    }

    [Fact]
    public void SharedIdentityBeatsPerFrameFitsAndTemporalTermReducesJitter()
    {
        var model = IctTestModel.Value;
        var (truth, clean, noisy) = MakeClip(seed: 42);
        var camera = ViewCamera.Orthographic();
        var plain = new FaceModelFitter(model).FitSequence(noisy, camera);
        var smooth = new FaceModelFitter(model, new FitOptions { Weights = new EnergyWeights { Temporal = 4.0 / (Noise * Noise) } }).FitSequence(noisy, camera);

        var single = new FaceModelFitter(model);
        var perFrame = Enumerable.Range(0, Frames).Where(t => t % 10 == 0).Select(t => IdentityError(single.FitImage(noisy[t], camera).Identity, truth[t].Identity)).ToArray();
        double shared = IdentityError(plain.Identity, truth[0].Identity);
        output.WriteLine($"identity error: shared {shared:F3} cm, per-frame mean {perFrame.Average():F3} cm (min {perFrame.Min():F3})");
        Assert.True(shared < perFrame.Average());

        double nmePlain = Nme(plain.Frames, clean), nmeSmooth = Nme(smooth.Frames, clean);
        double jitterPlain = Jitter(plain.Frames, clean), jitterSmooth = Jitter(smooth.Frames, clean);
        output.WriteLine($"NME {nmePlain:P3} -> {nmeSmooth:P3} with the temporal term; jitter {jitterPlain:F3} -> {jitterSmooth:F3} px");
        Assert.True(jitterSmooth < jitterPlain);
        Assert.True(nmeSmooth <= 1.05 * nmePlain);
        Assert.All(smooth.Frames, f => Assert.Same(smooth.Frames[0].ExpressionNames, f.ExpressionNames));
        Assert.All(smooth.Frames, f => Assert.Equal(smooth.Identity, f.Identity));
    }
}
