using FaceAlign3D.Imaging;

namespace FaceAlign3D.Detection;

/// <summary>Finds faces in an image. Implementations are thread-safe once constructed.</summary>
internal interface IFaceDetector
{
    /// <summary>The faces in <paramref name="image"/>, best score first, boxes in image pixels.</summary>
    IReadOnlyList<FaceBox> Detect(Image image);
}
