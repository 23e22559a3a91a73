using System.Numerics;

namespace FaceAlign3D.Alignment;

/// <summary>
/// Our choice of MediaPipe face mesh vertices standing for the 68 iBUG (300-W) landmarks, so 68-point metrics can
/// score the mesh. Each entry is the vertex closest on average to that point's 2D annotation over 250 near-frontal
/// AFLW2000-3D images (|yaw| &lt;= 30 degrees), then made mirror-symmetric where the data left a pair uneven;
/// docs/mediapipe.md gives the derivation. The jaw line follows the face oval (a silhouette), which only matches
/// the 68-point jaw convention on near-frontal faces.
/// </summary>
internal static class MediaPipeLandmarks68
{
    private static readonly int[] Vertices =
    [
        // 0-16 jaw, from the subject's right (image left) to the left, 8 = chin
        127, 234, 93, 58, 172, 136, 150, 176, 152, 400, 379, 365, 397, 288, 323, 454, 356,
        // 17-21 right eyebrow, 22-26 left eyebrow
        70, 63, 105, 66, 107, 336, 296, 334, 293, 300,
        // 27-30 nose bridge, 31-35 nostrils and base
        6, 197, 5, 4, 75, 99, 2, 328, 305,
        // 36-41 right eye, 42-47 left eye (outer corner first on the right eye, inner corner first on the left)
        246, 160, 158, 173, 153, 144, 398, 385, 387, 466, 373, 380,
        // 48-59 outer lips from the right corner, 60-67 inner lips
        61, 39, 37, 0, 267, 269, 291, 405, 314, 17, 84, 181, 62, 38, 12, 268, 292, 317, 14, 87,
    ];

    /// <summary>The MediaPipe vertex index of each iBUG point, in iBUG order.</summary>
    public static IReadOnlyList<int> VertexIndices => Vertices;

    /// <summary>The 68 points of a 468-point face mesh.</summary>
    public static T[] Select<T>(IReadOnlyList<T> mesh)
    {
        if (mesh.Count < MediaPipeFaceMeshAligner.LandmarkCount)
            throw new ArgumentException($"expected the {MediaPipeFaceMeshAligner.LandmarkCount} face mesh landmarks, got {mesh.Count}", nameof(mesh));
        return Array.ConvertAll(Vertices, i => mesh[i]);
    }

    /// <summary>The 68 points of an alignment's landmarks.</summary>
    public static Vector3[] From(FaceAlignment alignment) => Select(alignment.Landmarks3D);
}
