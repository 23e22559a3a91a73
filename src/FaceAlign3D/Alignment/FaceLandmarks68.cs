using System.Numerics;

namespace FaceAlign3D.Alignment;

/// <summary>
/// The 68 iBUG points of any aligner's landmarks, for outputs and metrics that speak 68 points: 3DDFA_V2's are
/// the 68 points themselves; MediaPipe's 468-point mesh is mapped through <see cref="MediaPipeLandmarks68"/>.
/// </summary>
public static class FaceLandmarks68
{
    /// <summary>The 68 points of an alignment, in iBUG order, with its coordinates (and z convention).</summary>
    public static IReadOnlyList<Vector3> Of(FaceAlignment alignment) => Of(alignment.Landmarks3D, alignment.Layout);

    /// <summary>The 68 points of landmarks laid out as <paramref name="layout"/> says (for example a track's filtered landmarks).</summary>
    public static IReadOnlyList<Vector3> Of(IReadOnlyList<Vector3> landmarks, AlignmentLayout layout) =>
        layout == AlignmentLayout.FaceMesh468 ? MediaPipeLandmarks68.Select(landmarks) : landmarks;
}
