using FaceAlign3D.Alignment;
using FaceAlign3D.Fitting;
using FaceAlign3D.Geometry;
using FaceAlign3D.Imaging;

namespace FaceAlign3D.Tracking;

/// <summary>The sequence fit of one finished track: frame i of <see cref="Result"/> is the track's frame_in_track i.</summary>
public sealed record TrackFit(int TrackId, SequenceFitResult Result);

/// <summary>
/// ICT-FaceKit sequence fitting inside the tracker, one identity per track. Policy: a final joint fit at track end.
/// Each frame's measured landmarks (as <c>observe</c> turns an alignment into an observation) are collected while the track lives (the tracker's alignment passes through
/// unchanged, so the fit never feeds back into the crops); when the track ends (face lost, or the end of the input),
/// <see cref="FaceModelFitter.FitSequence"/> fits all its frames at once: per-frame warm-started expression and pose,
/// then one joint solve of the shared identity with every frame. Results are in <see cref="Completed"/>, in the
/// order tracks ended. Not thread-safe (the tracker calls it from one thread).
/// </summary>
internal sealed class IctTrackFitter(FaceModelFitter fitter, ViewCamera camera, Func<FaceAlignment, LandmarkObservation> observe) : ITrackFitter
{
    private readonly Dictionary<int, List<LandmarkObservation>> _open = [];
    private readonly List<TrackFit> _completed = [];

    public IReadOnlyList<TrackFit> Completed => _completed;

    public void BeginTrack(int trackId) => _open[trackId] = [];

    public FaceAlignment Fit(int trackId, Image image, double time, FaceAlignment alignment)
    {
        if (!_open.TryGetValue(trackId, out var frames))
            throw new InvalidOperationException($"track {trackId} was not begun");
        frames.Add(observe(alignment));
        return alignment;
    }

    public void EndTrack(int trackId)
    {
        if (!_open.Remove(trackId, out var frames) || frames.Count == 0)
            return;
        _completed.Add(new TrackFit(trackId, fitter.FitSequence(frames, camera)));
    }
}
