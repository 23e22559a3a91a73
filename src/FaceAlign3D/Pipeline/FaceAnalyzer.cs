using System.Diagnostics;
using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;
using FaceAlign3D.Imaging;

namespace FaceAlign3D.Pipeline;

/// <summary>
/// The facade most callers use: a detector finds the faces, an aligner regresses each one. Thread-safe when its
/// detector and aligner are (ours are).
/// </summary>
internal sealed class FaceAnalyzer(IFaceDetector detector, IFaceAligner aligner)
{
    public IFaceDetector Detector { get; } = detector;
    public IFaceAligner Aligner { get; } = aligner;

    /// <summary>
    /// Detects and aligns every face; <paramref name="withMesh"/> also builds the dense mesh when the aligner has one.
    /// <paramref name="cancellation"/> is checked before the detector and before each face, so a cancelled call stops at the next stage.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> fired.</exception>
    public ImageAnalysis Analyze(Image image, bool withMesh = false, CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        long start = Stopwatch.GetTimestamp();
        var boxes = Detector.Detect(image);
        var detectTime = Stopwatch.GetElapsedTime(start);
        return AlignAll(image, boxes, withMesh, detectTime, cancellation);
    }

    /// <summary>Aligns given boxes (for example a user's --roi) without running the detector.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> fired.</exception>
    public ImageAnalysis AnalyzeBoxes(Image image, IEnumerable<FaceBox> boxes, bool withMesh = false, CancellationToken cancellation = default) =>
        AlignAll(image, boxes, withMesh, TimeSpan.Zero, cancellation);

    private ImageAnalysis AlignAll(Image image, IEnumerable<FaceBox> boxes, bool withMesh, TimeSpan detectTime, CancellationToken cancellation)
    {
        long start = Stopwatch.GetTimestamp();
        var faces = new List<AnalyzedFace>();
        foreach (var box in boxes)
        {
            cancellation.ThrowIfCancellationRequested();
            faces.Add(AlignOne(image, box, withMesh));
        }
        return new ImageAnalysis(image.Width, image.Height, faces, detectTime, Stopwatch.GetElapsedTime(start));
    }

    private AnalyzedFace AlignOne(Image image, FaceBox box, bool withMesh)
    {
        var alignment = Aligner.Align(image, box);
        long start = Stopwatch.GetTimestamp();
        var mesh = withMesh && Aligner is IMeshAligner meshAligner ? meshAligner.Mesh(alignment) : null;
        return new AnalyzedFace(box, alignment, mesh) { MeshTime = mesh is null ? TimeSpan.Zero : Stopwatch.GetElapsedTime(start) };
    }
}
