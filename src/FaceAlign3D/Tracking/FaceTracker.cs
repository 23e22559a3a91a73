using System.Diagnostics;
using System.Numerics;
using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;
using FaceAlign3D.Imaging;
using FaceAlign3D.Tracking.Filters;

namespace FaceAlign3D.Tracking;

/// <summary>
/// Follows faces through a sequence of frames (3DDFA_V2's video policy, extended to several faces):
/// <list type="bullet">
/// <item>each track is aligned from the region of its previous landmarks (<see cref="IFaceAligner.Align(Image, IReadOnlyList{Vector2}, float)"/>);</item>
/// <item>the detector runs on the first frame, whenever there is no track or a track fails to propagate, and every
/// <see cref="FaceTrackerOptions.DetectEvery"/> frames;</item>
/// <item>on detector frames, tracks and boxes are paired greedily by IoU (landmark box against detector box); a track
/// with no box is lost, a box with no track starts a new track (new id);</item>
/// <item>between detector frames, every <see cref="FaceTrackerOptions.VerifyEvery"/> frames the detector looks at a small
/// window around each track; a face it does not find there triggers a full detection;</item>
/// <item>a track is also lost when its landmarks collapse, jump in size or leave the image and no detector box rescues it;</item>
/// <item>landmarks and pose are then filtered per track; filters start afresh with each track.</item>
/// </list>
/// Stateful: one instance per sequence, frames in order, one thread.
/// </summary>
internal sealed class FaceTracker
{
    private readonly IFaceDetector _detector;
    private readonly IFaceAligner _aligner;
    private readonly ITrackFitter? _fitter;
    private readonly List<Track> _tracks = [];
    private int _nextId = 1;
    private int _frame;
    private int _lastDetection;

    /// <param name="detector">Finds faces on detector frames.</param>
    /// <param name="aligner">Aligns from detector boxes and from previous landmarks.</param>
    /// <param name="options">Tracking policy and smoothing; defaults when null.</param>
    /// <param name="fitter">Optional sequence fitting, one identity per track, applied before smoothing.</param>
    public FaceTracker(IFaceDetector detector, IFaceAligner aligner, FaceTrackerOptions? options = null, ITrackFitter? fitter = null)
    {
        _detector = detector ?? throw new ArgumentNullException(nameof(detector));
        _aligner = aligner ?? throw new ArgumentNullException(nameof(aligner));
        Options = options ?? new FaceTrackerOptions();
        Options.Validate();
        _fitter = fitter;
    }

    public FaceTrackerOptions Options { get; }

    /// <summary>Ids of the tracks alive after the last frame.</summary>
    public IReadOnlyList<int> ActiveTracks => _tracks.Select(t => t.Id).ToArray();

    /// <summary>Tracks started so far (the next id minus one).</summary>
    public int TracksStarted => _nextId - 1;

    /// <summary>Tracks the faces of the next frame, taken at <paramref name="time"/> seconds.</summary>
    public TrackedFrame Process(Image image, double time)
    {
        ArgumentNullException.ThrowIfNull(image);
        int index = _frame++;
        TimeSpan detectTime = TimeSpan.Zero;

        long start = Stopwatch.GetTimestamp();
        var proposals = new FaceAlignment?[_tracks.Count];
        for (int i = 0; i < _tracks.Count; i++)
            proposals[i] = Propagate(image, _tracks[i]);
        var alignTime = Stopwatch.GetElapsedTime(start);

        bool scheduled = index == 0 || (Options.DetectEvery > 0 && index - _lastDetection >= Options.DetectEvery);
        if (!scheduled && Options.VerifyEvery > 0 && index % Options.VerifyEvery == 0)
        {
            start = Stopwatch.GetTimestamp();
            for (int i = 0; i < proposals.Length; i++)
                if (proposals[i] is { } p && !LocalFaceCheck.FaceIsThere(_detector, image, p.Landmarks3D, Options.VerifyWindow, Options.MatchIou))
                    proposals[i] = null;
            detectTime += Stopwatch.GetElapsedTime(start);
        }
        bool detect = scheduled || _tracks.Count == 0 || proposals.Any(p => p is null);
        var kept = new List<(Track Track, FaceAlignment Alignment, TrackSource Source)>();
        var lost = new List<Track>();
        if (detect)
        {
            _lastDetection = index;
            start = Stopwatch.GetTimestamp();
            var boxes = _detector.Detect(image);
            detectTime += Stopwatch.GetElapsedTime(start);
            start = Stopwatch.GetTimestamp();
            MatchDetections(image, boxes, proposals, kept, lost);
            alignTime += Stopwatch.GetElapsedTime(start);
        }
        else
        {
            for (int i = 0; i < _tracks.Count; i++)
                kept.Add((_tracks[i], proposals[i]!, TrackSource.Propagation));
        }
        RemoveDuplicates(kept, lost);

        start = Stopwatch.GetTimestamp();
        var ended = new List<int>();
        foreach (var track in lost)
        {
            _tracks.Remove(track);
            _fitter?.EndTrack(track.Id);
            ended.Add(track.Id);
        }
        var faces = new List<TrackedFace>(kept.Count);
        foreach (var (track, measured, source) in kept.OrderBy(k => k.Track.Frames == 0).ThenBy(k => k.Track.Id))
        {
            if (track.Frames == 0)
            {
                track.Id = _nextId++;
                _tracks.Add(track);
                _fitter?.BeginTrack(track.Id);
            }
            var alignment = _fitter?.Fit(track.Id, image, time, measured) ?? measured;
            track.Last = alignment;
            var (landmarks, pose) = track.Smoother.Apply(time, alignment.Landmarks3D, alignment.Pose);
            faces.Add(new TrackedFace(track.Id, track.Frames, source, TrackedFace.BoxOf(landmarks), landmarks, pose, alignment));
            track.Frames++;
        }
        var filterTime = Stopwatch.GetElapsedTime(start);
        return new TrackedFrame(index, time, faces, ended, detect, new TrackingTimes(detectTime, alignTime, filterTime));
    }

    /// <summary>Ends every track (reporting them to the fitter) and starts over as for a new sequence; ids keep counting.</summary>
    public IReadOnlyList<int> Finish()
    {
        var ids = _tracks.Select(t => t.Id).ToArray();
        foreach (var id in ids)
            _fitter?.EndTrack(id);
        _tracks.Clear();
        _frame = 0;
        return ids;
    }

    private FaceAlignment? Propagate(Image image, Track track)
    {
        var alignment = TryAlign(() => _aligner.Align(image, track.Last.Landmarks2D, track.Last.Confidence));
        return alignment is not null && Plausible(alignment, image, TrackSmoother.FaceSize(track.Last.Landmarks3D)) ? alignment : null;
    }

    // Greedy pairing by IoU, best pairs first. A track whose propagation failed is compared by its last box and,
    // when a box claims it, re-aligned from that box under the same id.
    private void MatchDetections(Image image, IReadOnlyList<FaceBox> boxes, FaceAlignment?[] proposals,
        List<(Track, FaceAlignment, TrackSource)> kept, List<Track> lost)
    {
        var pairs = new List<(double Iou, int Track, int Box)>();
        for (int i = 0; i < _tracks.Count; i++)
        {
            var reference = TrackedFace.BoxOf((proposals[i] ?? _tracks[i].Last).Landmarks3D);
            for (int j = 0; j < boxes.Count; j++)
            {
                double iou = reference.IntersectionOverUnion(boxes[j].Box);
                if (iou >= Options.MatchIou)
                    pairs.Add((iou, i, j));
            }
        }
        var trackUsed = new bool[_tracks.Count];
        var boxUsed = new bool[boxes.Count];
        foreach (var (_, i, j) in pairs.OrderByDescending(p => p.Iou))
        {
            if (trackUsed[i] || boxUsed[j])
                continue;
            trackUsed[i] = boxUsed[j] = true;
            if (proposals[i] is { } propagated)
            {
                kept.Add((_tracks[i], propagated, TrackSource.Propagation));
                continue;
            }
            var realigned = AlignFromBox(image, boxes[j]);
            if (realigned is null)
                lost.Add(_tracks[i]);
            else
                kept.Add((_tracks[i], realigned, TrackSource.Detection));
        }
        for (int i = 0; i < _tracks.Count; i++)
            if (!trackUsed[i])
                lost.Add(_tracks[i]);
        for (int j = 0; j < boxes.Count; j++)
            if (!boxUsed[j] && AlignFromBox(image, boxes[j]) is { } fresh)
                kept.Add((new Track(new TrackSmoother(Options.Smoothing), fresh), fresh, TrackSource.Detection));
    }

    // Two tracks on one face (one drifted onto the other): the older keeps it, new tracks count as youngest.
    private static void RemoveDuplicates(List<(Track Track, FaceAlignment Alignment, TrackSource Source)> kept, List<Track> lost)
    {
        var survivors = new List<(Track Track, FaceAlignment Alignment, TrackSource Source)>();
        var survivorBoxes = new List<BoundingBox>();
        foreach (var candidate in kept.OrderBy(k => k.Track.Frames == 0).ThenBy(k => k.Track.Id))
        {
            var box = TrackedFace.BoxOf(candidate.Alignment.Landmarks3D);
            if (survivorBoxes.Any(b => b.IntersectionOverUnion(box) >= 0.5))
            {
                if (candidate.Track.Frames > 0)
                    lost.Add(candidate.Track);
                continue;
            }
            survivors.Add(candidate);
            survivorBoxes.Add(box);
        }
        kept.Clear();
        kept.AddRange(survivors);
    }

    private FaceAlignment? AlignFromBox(Image image, FaceBox box)
    {
        var alignment = TryAlign(() => _aligner.Align(image, box));
        return alignment is not null && Plausible(alignment, image, previousSize: null) ? alignment : null;
    }

    // The aligner rejects empty regions and non-finite outputs with ArgumentException: the face is gone.
    private static FaceAlignment? TryAlign(Func<FaceAlignment> align)
    {
        try
        {
            return align();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private bool Plausible(FaceAlignment alignment, Image image, double? previousSize)
    {
        var landmarks = alignment.Landmarks3D;
        if (landmarks.Count == 0)
            return false;
        int inside = 0;
        foreach (var p in landmarks)
        {
            if (!float.IsFinite(p.X) || !float.IsFinite(p.Y) || !float.IsFinite(p.Z))
                return false;
            if (p.X >= 0 && p.Y >= 0 && p.X <= image.Width - 1 && p.Y <= image.Height - 1)
                inside++;
        }
        if (inside < Options.MinInsideFraction * landmarks.Count)
            return false;
        double size = TrackSmoother.FaceSize(landmarks);
        if (size < Options.MinFaceSize)
            return false;
        return previousSize is not { } before || (size <= before * Options.MaxSizeChange && size * Options.MaxSizeChange >= before);
    }

    private sealed class Track(TrackSmoother smoother, FaceAlignment first)
    {
        /// <summary>0 until the track is kept for its first frame.</summary>
        public int Id { get; set; }
        public TrackSmoother Smoother { get; } = smoother;
        public FaceAlignment Last { get; set; } = first;
        public int Frames { get; set; }
    }
}
