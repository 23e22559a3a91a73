using FaceAlign3D.Models;

namespace FaceAlign3D.Tests.Neural.TfLite;

/// <summary>
/// MediaPipe's face models for the tests, through the ModelStore (FACEALIGN3D_MODELS, ./models, ...). The test
/// project's build fetches them into models/ when missing (as scripts/setup.sh does), so no test reaches the network.
/// </summary>
public static class MediaPipeModelFiles
{
    public const string FaceDetection = "face_detection_short_range.tflite";
    public const string FaceLandmark = "face_landmark.tflite";
    public const string FaceLandmarkWithAttention = "face_landmark_with_attention.tflite";
    public const string GeometryMetadata = "geometry_pipeline_metadata_landmarks.binarypb";

    private static readonly Lazy<ResolvedModel> Model = new(Resolve);

    public static string PathOf(string file) => Model.Value.PathOf(file);

    private static ResolvedModel Resolve()
    {
        try
        {
            return ModelStore.CreateDefault().Resolve(ModelIds.MediaPipeFaceMesh);
        }
        catch (ModelNotFoundException e)
        {
            throw new InvalidOperationException("MediaPipe's models are missing: build the test project or run `bash scripts/setup.sh` once", e);
        }
    }
}
