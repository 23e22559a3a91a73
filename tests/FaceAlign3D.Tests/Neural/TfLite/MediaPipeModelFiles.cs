using FaceAlign3D.Models;

namespace FaceAlign3D.Tests.Neural.TfLite;

/// <summary>
/// MediaPipe's face models for the tests, through the ModelStore (FACEALIGN3D_MODELS, ./models, ...). When no
/// store folder holds them they are installed once from npm (installing npm itself if missing) into a cache folder under the system temp directory.
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
        catch (ModelNotFoundException)
        {
        }
        var cache = Path.Combine(Path.GetTempPath(), "facealign3d-tests", "models");
        using var mutex = new Mutex(false, "facealign3d-tests-mediapipe-install");
        mutex.WaitOne();
        try
        {
            return new ModelStore([cache]).Resolve(ModelIds.MediaPipeFaceMesh);
        }
        catch (ModelNotFoundException)
        {
            MachineTools.RequireNpm();
            return MediaPipeFaceMeshInstaller.Install(cache);
        }
        finally
        {
            mutex.ReleaseMutex();
        }
    }
}
