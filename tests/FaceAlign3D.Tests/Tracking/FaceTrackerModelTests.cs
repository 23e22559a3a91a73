using System.Numerics;
using FaceAlign3D.Evaluation.Metrics;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Tests.Pipeline;
using FaceAlign3D.Tracking;
using FaceAlign3D.Tracking.Filters;
using Xunit.Abstractions;

namespace FaceAlign3D.Tests.Tracking;

/// <summary>The tracker with the real 3DDFA_V2 detector and regressor on clips with known ground truth.</summary>
public sealed class FaceTrackerModelTests(TddfaModels models, ITestOutputHelper output) : IClassFixture<TddfaModels>
{
    private static readonly Lazy<Image> Still = new(() => ImageDecoder.Load(SharedData.PathOf("data", "samples", "obama_small.jpg")));

    [Fact]
    public void Default_smoothing_cuts_jitter_by_30_percent_at_under_5_percent_more_error()
    {
        var still = Still.Value;
        var stillLandmarks = models.Aligner.Align(still, models.Detector.Detect(still).Single()).Landmarks3D;
        const int frames = 72;
        var clip = SyntheticClip.Make(still, frames, t => SyntheticClip.Wander(t, still.Width, still.Height));
        var truth = Enumerable.Range(0, frames).Select(t => clip.TruthAt(t, stillLandmarks)).ToList();

        // One tracking pass; smoothing is an output stage (propagation uses the unfiltered landmarks), so each
        // filter is scored by running a fresh TrackSmoother over the same per-frame measurements, as the tracker does.
        var tracker = new FaceTracker(models.Detector, models.Aligner,
            new FaceTrackerOptions { DetectEvery = 0, Smoothing = new SmoothingOptions { Method = SmoothingMethod.None } });
        var measured = new List<TrackedFace>();
        for (int t = 0; t < frames; t++)
            measured.Add(tracker.Process(clip.Frames[t], clip.TimeOf(t)).Faces.Single());
        Assert.Equal(1, tracker.TracksStarted);

        var scores = new Dictionary<SmoothingMethod, (double Stability, double Nme)>();
        foreach (var method in new[] { SmoothingMethod.None, SmoothingMethod.OneEuro, SmoothingMethod.Kalman })
        {
            var smoother = new TrackSmoother(new SmoothingOptions { Method = method });
            var predicted = measured.Select((face, t) => SyntheticClip.ToSet(smoother.Apply(clip.TimeOf(t), face.Raw.Landmarks3D, face.Raw.Pose).Landmarks)).ToList();
            double stability = Stability.Compute(predicted, truth).Mean;
            double nme = Enumerable.Range(0, frames).Average(t => Nme.Evaluate(predicted[t], truth[t]).Nme);
            scores[method] = (stability, nme);
            output.WriteLine($"{method,-8} stability {100 * stability:F4}%  NME {100 * nme:F4}%");
        }

        var none = scores[SmoothingMethod.None];
        var chosen = scores[new SmoothingOptions().Method];
        Assert.True(chosen.Stability <= 0.7 * none.Stability, $"default smoothing: stability {chosen.Stability:P4} vs {none.Stability:P4} unsmoothed");
        Assert.True(chosen.Nme <= 1.05 * none.Nme, $"default smoothing: NME {chosen.Nme:P4} vs {none.Nme:P4} unsmoothed");
        Assert.True(scores[SmoothingMethod.OneEuro].Stability < none.Stability);
    }

    [Fact]
    public void A_face_that_slides_out_ends_its_track_blank_frames_have_none_and_the_return_gets_a_new_id()
    {
        var still = Still.Value;
        // 0-5 still, 6-13 sliding right by 30 px a frame, 14-19 gone, 20-27 back in place.
        static double Shift(int t) => t < 6 ? 0 : t < 14 ? 30 * (t - 5) : t < 20 ? 1000 : 0;
        var clip = SyntheticClip.Make(still, 28, t => AffineMatrix.Translation(Shift(t), 0));
        var tracker = new FaceTracker(models.Detector, models.Aligner);
        var ids = new List<int[]>();
        int? endedAt = null;
        for (int t = 0; t < 28; t++)
        {
            var frame = tracker.Process(clip.Frames[t], clip.TimeOf(t));
            ids.Add(frame.Faces.Select(f => f.TrackId).ToArray());
            if (frame.EndedTracks.Contains(1))
                endedAt ??= t;
        }
        output.WriteLine($"track 1 ended at frame {endedAt}; ids per frame: {string.Join(" ", ids.Select(i => i.Length == 0 ? "-" : string.Join("+", i)))}");
        for (int t = 0; t < 8; t++)
            Assert.Equal([1], ids[t]);
        Assert.NotNull(endedAt);
        Assert.InRange(endedAt.Value, 8, 15);
        for (int t = endedAt.Value; t < 20; t++)
            Assert.Empty(ids[t]);
        for (int t = 20; t < 28; t++)
            Assert.Equal([2], ids[t]);
        Assert.Equal(2, tracker.TracksStarted);
    }

    [Fact]
    public void Two_faces_are_tracked_under_two_stable_ids()
    {
        var still = Still.Value;
        var canvas = new Image(2 * still.Width, still.Height, PixelFormat.Rgb8);
        for (int y = 0; y < still.Height; y++)
        {
            still.Row(y).CopyTo(canvas.Row(y));
            still.Row(y).CopyTo(canvas.Row(y)[(3 * still.Width)..]);
        }
        var clip = SyntheticClip.Make(canvas, 12, t => SyntheticClip.Wander(t, canvas.Width, canvas.Height, maxDegrees: 3, shift: 8));
        var tracker = new FaceTracker(models.Detector, models.Aligner, new FaceTrackerOptions { DetectEvery = 7 });
        for (int t = 0; t < clip.Frames.Count; t++)
        {
            var faces = tracker.Process(clip.Frames[t], clip.TimeOf(t)).Faces;
            Assert.Equal(2, faces.Count);
            // Track 1 and 2 stay on their side of the canvas.
            var left = faces.MinBy(f => f.Box.CenterX)!;
            var right = faces.MaxBy(f => f.Box.CenterX)!;
            Assert.True(left.Box.CenterX < still.Width && right.Box.CenterX > still.Width);
            Assert.NotEqual(left.TrackId, right.TrackId);
            Assert.Equal(t == 0 ? 0 : t, left.FrameInTrack);
        }
        Assert.Equal(2, tracker.TracksStarted);
    }
}
