using System.Numerics;
using FaceAlign3D.Alignment;

namespace FaceAlign3D.Pipeline;

/// <summary>
/// The 68 iBUG points of any aligner's landmarks, for outputs and metrics that speak 68 points: 3DDFA_V2's are
/// the 68 points themselves; MediaPipe's 468-point mesh is mapped through <see cref="MediaPipeLandmarks68"/>.
/// </summary>
public static class FaceLandmarks68
{
    /// <summary>Whether <paramref name="landmarks"/> are MediaPipe's 468-point face mesh.</summary>
    public static bool IsFaceMesh(IReadOnlyList<Vector3> landmarks) => landmarks.Count == MediaPipeFaceMeshAligner.LandmarkCount;

    /// <summary>The 68 points, in iBUG order, with the same coordinates (and z convention) as the input.</summary>
    public static IReadOnlyList<Vector3> Of(IReadOnlyList<Vector3> landmarks) =>
        IsFaceMesh(landmarks) ? MediaPipeLandmarks68.Select(landmarks) : landmarks;
}
