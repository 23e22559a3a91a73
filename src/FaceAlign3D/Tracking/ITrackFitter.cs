using FaceAlign3D.Alignment;
using FaceAlign3D.Imaging;

namespace FaceAlign3D.Tracking;

/// <summary>
/// The point where sequence fitting plugs into the tracker: a fitter keeps one identity per track and may refine
/// each frame's alignment (landmarks, pose) before temporal filtering. Calls for a track come in frame order,
/// between <see cref="BeginTrack"/> and <see cref="EndTrack"/>.
/// </summary>
internal interface ITrackFitter
{
    /// <summary>A new track (a new face, or one that returned): start a fresh identity.</summary>
    void BeginTrack(int trackId);

    /// <summary>Fits one frame of a track and returns the alignment to use for it.</summary>
    FaceAlignment Fit(int trackId, Image image, double time, FaceAlignment alignment);

    /// <summary>The track's face was lost; its identity is final.</summary>
    void EndTrack(int trackId);
}
