using System.Numerics;
using FaceAlign3D.Detection;
using FaceAlign3D.Imaging;

namespace FaceAlign3D.Alignment;

/// <summary>Regresses landmarks and head pose for one face. Implementations are thread-safe once constructed.</summary>
internal interface IFaceAligner
{
    /// <summary>Aligns the face inside a detector box.</summary>
    FaceAlignment Align(Image image, FaceBox box);

    /// <summary>
    /// Aligns a face from the landmarks found for it in a previous frame (tracking): the crop is derived from
    /// those landmarks instead of a detector box. <paramref name="confidence"/> is carried into the result.
    /// </summary>
    FaceAlignment Align(Image image, IReadOnlyList<Vector2> previousLandmarks, float confidence = 1f);
}
