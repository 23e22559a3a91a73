using System.Numerics;
using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;
using FaceAlign3D.Imaging;
using FaceAlign3D.Tracking;
using FaceAlign3D.Tracking.Filters;

namespace FaceAlign3D.Tests.Tracking;

/// <summary>
/// The tracker's bookkeeping against a scripted world: a detector that reports the world's faces and an aligner
/// that, like a regressor, always answers with some face: the world face under the crop, else the previous one.
/// </summary>
public class FaceTrackerPolicyTests
{
    private static readonly Image Frame = new(320, 240, PixelFormat.Rgb8);

    [Fact]
    public void One_face_keeps_one_id_and_the_detector_runs_on_schedule()
    {
        var world = new World();
        var tracker = world.Tracker(detectEvery: 5);
        var detectorFrames = new List<int>();
        for (int t = 0; t < 12; t++)
        {
            world.Faces = [new(100 + 3 * t, 120, 60)];
            var frame = tracker.Process(Frame, t / 25.0);
            Assert.Equal([1], frame.Faces.Select(f => f.TrackId));
            Assert.Equal(t, frame.Faces[0].FrameInTrack);
            Assert.Equal(t == 0 ? TrackSource.Detection : TrackSource.Propagation, frame.Faces[0].Source);
            if (frame.DetectorRan)
                detectorFrames.Add(t);
        }
        Assert.Equal([0, 5, 10], detectorFrames);
        Assert.Equal(3, world.DetectorCalls);
    }

    [Fact]
    public void A_face_that_leaves_ends_its_track_and_returns_with_a_new_id()
    {
        var world = new World();
        var tracker = world.Tracker(detectEvery: 5);
        var ids = new List<int[]>();
        var ended = new List<(int Frame, int Id)>();
        for (int t = 0; t < 16; t++)
        {
            world.Faces = t is >= 7 and < 13 ? [] : [new(150, 120, 60)];
            var frame = tracker.Process(Frame, t / 25.0);
            ids.Add(frame.Faces.Select(f => f.TrackId).ToArray());
            ended.AddRange(frame.EndedTracks.Select(id => (t, id)));
        }
        // Frames 7-9: the aligner still answers (as a regressor does on background); the detector at frame 10 finds nothing.
        for (int t = 0; t < 10; t++)
            Assert.Equal([1], ids[t]);
        Assert.Equal([(10, 1)], ended);
        Assert.Empty(ids[10]);
        Assert.Empty(ids[11]);
        Assert.Empty(ids[12]);
        // With no track the detector runs every frame, so the face is picked up the frame it returns.
        for (int t = 13; t < 16; t++)
            Assert.Equal([2], ids[t]);
    }

    [Fact]
    public void Two_faces_keep_their_ids_when_one_leaves()
    {
        var world = new World();
        var tracker = world.Tracker(detectEvery: 4);
        for (int t = 0; t < 12; t++)
        {
            world.Faces = t < 6 ? [new(80 + t, 100, 50), new(240 - t, 130, 50)] : [new(240 - t, 130, 50)];
            var frame = tracker.Process(Frame, t / 25.0);
            var byId = frame.Faces.ToDictionary(f => f.TrackId, f => f.Box.CenterX);
            if (t < 8)
            {
                Assert.Equal(2, byId.Count);
                Assert.True(byId[1] < 160 && byId[2] > 160, $"frame {t}: ids swapped or lost");
            }
            else
            {
                Assert.Equal([2], byId.Keys);
                Assert.Equal(t == 8 ? new[] { 1 } : [], frame.EndedTracks);
            }
        }
    }

    [Fact]
    public void Collapsed_landmarks_trigger_detection_and_the_face_is_recovered_under_its_id()
    {
        var world = new World();
        var tracker = world.Tracker(detectEvery: 0);
        for (int t = 0; t < 6; t++)
        {
            world.Faces = [new(150, 120, 60)];
            world.CollapseNextPropagation = t == 3;
            var frame = tracker.Process(Frame, t / 25.0);
            Assert.Equal(t is 0 or 3, frame.DetectorRan);
            Assert.Equal([1], frame.Faces.Select(f => f.TrackId));
            Assert.Equal(t is 0 or 3 ? TrackSource.Detection : TrackSource.Propagation, frame.Faces[0].Source);
        }
    }

    [Fact]
    public void A_face_sliding_out_of_the_image_is_lost_without_waiting_for_the_detector()
    {
        var world = new World();
        var tracker = world.Tracker(detectEvery: 0);
        int? lostAt = null;
        for (int t = 0; t < 12 && lostAt is null; t++)
        {
            world.Faces = [new(200 + 15 * t, 120, 60)];
            var frame = tracker.Process(Frame, t / 25.0);
            if (frame.EndedTracks.Count > 0)
                lostAt = t;
        }
        // At t = 8 (centre x = 320) 36 of the 68 landmarks are still inside; at t = 9 (x = 335) only 18.
        Assert.Equal(9, lostAt);
    }

    [Fact]
    public void New_tracks_start_unfiltered_and_later_frames_are_smoothed()
    {
        var world = new World();
        var tracker = world.Tracker(detectEvery: 0, SmoothingMethod.Kalman);
        for (int t = 0; t < 4; t++)
        {
            world.Faces = [new(150 + (t % 2 == 0 ? 0 : 4), 120, 60)];
            var face = tracker.Process(Frame, t / 25.0).Faces.Single();
            if (t == 0)
                Assert.Equal(face.Raw.Landmarks3D, face.Landmarks);
            else if (t >= 2)
                Assert.True(Math.Abs(face.Raw.Landmarks3D[0].X - face.Landmarks[0].X) > 0.01, $"frame {t} is not filtered");
        }
    }

    [Fact]
    public void The_fitter_sees_each_track_from_begin_to_end_in_order()
    {
        var world = new World();
        var fitter = new RecordingFitter();
        var tracker = new FaceTracker(world, world, new FaceTrackerOptions { DetectEvery = 2, VerifyEvery = 0 }, fitter);
        for (int t = 0; t < 8; t++)
        {
            world.Faces = t is 3 or 4 ? [] : [new(150, 120, 60)];
            tracker.Process(Frame, t / 25.0);
        }
        tracker.Finish();
        Assert.Equal(["begin 1", "fit 1", "fit 1", "fit 1", "fit 1", "end 1", "begin 2", "fit 2", "fit 2", "fit 2", "end 2"], fitter.Calls);
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        var world = new World();
        Assert.Throws<ArgumentException>(() => new FaceTracker(world, world, new FaceTrackerOptions { DetectEvery = -1 }));
        Assert.Throws<ArgumentException>(() => new FaceTracker(world, world, new FaceTrackerOptions { MatchIou = 0 }));
        Assert.Throws<ArgumentException>(() => SmoothingOptions.ParseMethod("median"));
        Assert.Equal(SmoothingMethod.OneEuro, SmoothingOptions.ParseMethod("OneEuro"));
    }

    private sealed record WorldFace(float X, float Y, float Size);

    /// <summary>Detector and aligner over scripted faces; landmarks are a 68-point grid filling each face's square.</summary>
    private sealed class World : IFaceDetector, IFaceAligner
    {
        public List<WorldFace> Faces { get; set; } = [];
        public bool CollapseNextPropagation { get; set; }
        public int DetectorCalls { get; private set; }

        public FaceTracker Tracker(int detectEvery, SmoothingMethod smoothing = SmoothingMethod.None) =>
            new(this, this, new FaceTrackerOptions { DetectEvery = detectEvery, VerifyEvery = 0, Smoothing = new SmoothingOptions { Method = smoothing } });

        public IReadOnlyList<FaceBox> Detect(Image image)
        {
            DetectorCalls++;
            return Faces.Where(f => f.X >= 0 && f.X < image.Width)
                .Select(f => new FaceBox(f.X - f.Size / 2, f.Y - f.Size / 2, f.X + f.Size / 2, f.Y + f.Size / 2, 0.9f)).ToList();
        }

        public FaceAlignment Align(Image image, FaceBox box) =>
            Alignment(new WorldFace((float)box.Box.CenterX, (float)box.Box.CenterY, (float)box.Box.Width), box.Score);

        public FaceAlignment Align(Image image, IReadOnlyList<Vector2> previousLandmarks, float confidence = 1f)
        {
            var roi = TddfaRoi.FromLandmarks(previousLandmarks);
            if (CollapseNextPropagation)
            {
                CollapseNextPropagation = false;
                return Alignment(new WorldFace((float)roi.CenterX, (float)roi.CenterY, 2), confidence);
            }
            var under = Faces.FirstOrDefault(f => f.X >= roi.X1 && f.X <= roi.X2 && f.Y >= roi.Y1 && f.Y <= roi.Y2);
            var stale = TrackedFace.BoxOf(previousLandmarks.Select(p => new Vector3(p, 0)).ToArray());
            return Alignment(under ?? new WorldFace((float)stale.CenterX, (float)stale.CenterY, (float)stale.Width), confidence);
        }

        private static FaceAlignment Alignment(WorldFace face, float confidence)
        {
            var landmarks = new Vector3[68];
            for (int i = 0; i < 68; i++)
                landmarks[i] = new Vector3(face.X + face.Size * ((i % 8) / 7f - 0.5f), face.Y + face.Size * ((i / 8) / 8f - 0.5f), 0);
            var pose = new HeadPose([1, 0, 0, 0, 1, 0, 0, 0, 1], 0, 0, 0, "identity");
            return new FaceAlignment(landmarks, pose, [], new BoundingBox(face.X - face.Size, face.Y - face.Size, face.X + face.Size, face.Y + face.Size), confidence)
            {
                Layout = AlignmentLayout.Tddfa68,
            };
        }
    }

    private sealed class RecordingFitter : ITrackFitter
    {
        public List<string> Calls { get; } = [];
        public void BeginTrack(int trackId) => Calls.Add($"begin {trackId}");
        public FaceAlignment Fit(int trackId, Image image, double time, FaceAlignment alignment)
        {
            Calls.Add($"fit {trackId}");
            return alignment;
        }
        public void EndTrack(int trackId) => Calls.Add($"end {trackId}");
    }
}
