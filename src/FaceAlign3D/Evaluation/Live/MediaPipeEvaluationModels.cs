using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;
using FaceAlign3D.Morphable;
using FaceAlign3D.Neural.Formats.TfLite;
using FaceAlign3D.Neural.Graph;
using FaceAlign3D.Pipeline;

namespace FaceAlign3D.Evaluation.Live;

/// <summary>
/// MediaPipe's BlazeFace detector and Face Mesh read once, handing each worker thread a predictor with its own
/// single-threaded engine sessions. Only <see cref="Aflw2000Protocol.Detect"/> applies: the 3DDFA protocol's
/// 120x120 crops are framed for 3DDFA's regressor, not for the face mesh's rotated 192x192 crop.
/// </summary>
public sealed class MediaPipeEvaluationModels
{
    private readonly ModelGraph _detector;
    private readonly ModelGraph _mesh;
    private readonly MediaPipeCanonicalFace _canonical;

    private MediaPipeEvaluationModels(ModelGraph detector, ModelGraph mesh, MediaPipeCanonicalFace canonical)
    {
        _detector = detector;
        _mesh = mesh;
        _canonical = canonical;
    }

    /// <param name="detectorTfLite">face_detection_short_range.tflite.</param>
    /// <param name="meshTfLite">face_landmark.tflite.</param>
    /// <param name="geometryMetadata">geometry_pipeline_metadata_landmarks.binarypb.</param>
    public static MediaPipeEvaluationModels Load(string detectorTfLite, string meshTfLite, string geometryMetadata) =>
        new(TfLiteModelReader.Read(detectorTfLite), TfLiteModelReader.Read(meshTfLite), MediaPipeCanonicalFace.Load(geometryMetadata));

    /// <summary>A predictor for one worker thread; disposing it releases its sessions.</summary>
    public IAflw2000Predictor CreatePredictor(Aflw2000Protocol protocol)
    {
        if (protocol != Aflw2000Protocol.Detect)
            throw new ArgumentException("MediaPipe Face Mesh runs only under the detect protocol: the 3ddfa protocol's crops are cut for 3DDFA's regressor", nameof(protocol));
        var detector = new SessionNetwork(_detector);
        var mesh = new SessionNetwork(_mesh);
        var aligner = new MediaPipeFaceMeshAligner(mesh.Function, new MediaPipeFaceGeometry(_canonical));
        return new DetectPredictor(new BlazeFaceDetector(detector.Function), aligner, new OwnedResources(detector, mesh));
    }
}
