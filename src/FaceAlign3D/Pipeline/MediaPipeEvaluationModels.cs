using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;
using FaceAlign3D.Evaluation;
using FaceAlign3D.Evaluation.Live;
using FaceAlign3D.Morphable;

namespace FaceAlign3D.Pipeline;

/// <summary>
/// MediaPipe's BlazeFace detector and Face Mesh for an AFLW2000-3D run, handing each worker thread a predictor with
/// its own single-threaded networks. Only <see cref="Aflw2000Protocol.Detect"/> applies: the 3DDFA protocol's
/// 120x120 crops are framed for 3DDFA's regressor, not for the face mesh's rotated 192x192 crop.
/// </summary>
internal sealed class MediaPipeEvaluationModels
{
    private readonly string _detector;
    private readonly string _mesh;
    private readonly MediaPipeCanonicalFace _canonical;
    private readonly INetworkEngine _engine;

    private MediaPipeEvaluationModels(string detector, string mesh, MediaPipeCanonicalFace canonical, INetworkEngine engine)
    {
        _detector = detector;
        _mesh = mesh;
        _canonical = canonical;
        _engine = engine;
    }

    /// <param name="detectorTfLite">face_detection_short_range.tflite.</param>
    /// <param name="meshTfLite">face_landmark.tflite.</param>
    /// <param name="geometryMetadata">geometry_pipeline_metadata_landmarks.binarypb.</param>
    /// <param name="engine">The engine that runs the networks (default: the managed engine).</param>
    public static MediaPipeEvaluationModels Load(string detectorTfLite, string meshTfLite, string geometryMetadata, INetworkEngine? engine = null)
    {
        engine ??= ManagedNetworkEngine.Instance;
        // Open once up front so a missing or corrupt file fails before any worker starts.
        engine.Open(detectorTfLite, 1).Dispose();
        engine.Open(meshTfLite, 1).Dispose();
        return new MediaPipeEvaluationModels(detectorTfLite, meshTfLite, MediaPipeCanonicalFace.Load(geometryMetadata), engine);
    }

    /// <summary>A predictor for one worker thread; disposing it releases its networks.</summary>
    public IAflw2000Predictor CreatePredictor(Aflw2000Protocol protocol)
    {
        if (protocol != Aflw2000Protocol.Detect)
            throw new ArgumentException("MediaPipe Face Mesh runs only under the detect protocol: the 3ddfa protocol's crops are cut for 3DDFA's regressor", nameof(protocol));
        var detector = _engine.Open(_detector, 1);
        var mesh = _engine.Open(_mesh, 1);
        var aligner = new MediaPipeFaceMeshAligner(mesh.Function, new MediaPipeFaceGeometry(_canonical));
        return new DetectPredictor(new BlazeFaceDetector(detector.Function), aligner, new OwnedResources(detector, mesh));
    }
}
