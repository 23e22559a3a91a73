using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;
using FaceAlign3D.Morphable;
using FaceAlign3D.Neural;
using FaceAlign3D.Neural.Formats.TfLite;
using FaceAlign3D.Tests.Neural.TfLite;

namespace FaceAlign3D.Tests.Alignment;

/// <summary>MediaPipe's detector and face mesh on the engine, loaded once for the tests that need them.</summary>
internal static class MediaPipeModels
{
    private static readonly Lazy<InferenceSession> DetectorSession = new(() => Load(MediaPipeModelFiles.FaceDetection));
    private static readonly Lazy<InferenceSession> MeshSession = new(() => Load(MediaPipeModelFiles.FaceLandmark));
    private static readonly Lazy<MediaPipeCanonicalFace> CanonicalFace = new(() => MediaPipeCanonicalFace.Load(MediaPipeModelFiles.PathOf(MediaPipeModelFiles.GeometryMetadata)));

    public static MediaPipeCanonicalFace Canonical => CanonicalFace.Value;

    public static BlazeFaceDetector Detector => new(Network(DetectorSession.Value));

    public static MediaPipeFaceMeshAligner Aligner => new(Network(MeshSession.Value), new MediaPipeFaceGeometry(Canonical));

    private static InferenceSession Load(string file) => InferenceSession.Create(TfLiteModelReader.Read(MediaPipeModelFiles.PathOf(file)));

    private static NetworkFunction Network(InferenceSession session) => (input, _) => session.Run(input);
}
