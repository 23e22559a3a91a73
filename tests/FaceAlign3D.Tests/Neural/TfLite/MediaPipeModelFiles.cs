using FaceAlign3D.Models;

namespace FaceAlign3D.Tests.Neural.TfLite;

/// <summary>
/// MediaPipe's face models for the tests, through the default ModelStore (FACEALIGN3D_MODELS, ./models, the
/// repository's models/ that scripts/setup.sh fills). Tests never fetch them: a missing model fails with the
/// store's message saying how to get it.
/// </summary>
public static class MediaPipeModelFiles
{
    public static readonly string FaceDetection = ModelFiles.MediaPipeFaceDetection.Path;
    public static readonly string FaceLandmark = ModelFiles.MediaPipeFaceLandmark.Path;
    public static readonly string FaceLandmarkWithAttention = ModelFiles.MediaPipeFaceLandmarkWithAttention.Path;
    public static readonly string GeometryMetadata = ModelFiles.MediaPipeGeometryMetadata.Path;

    private static readonly Lazy<ResolvedModel> Model = new(() => ModelStore.CreateDefault().Resolve(ModelIds.MediaPipeFaceMesh));

    public static string PathOf(string file) => Model.Value.PathOf(file);
}
