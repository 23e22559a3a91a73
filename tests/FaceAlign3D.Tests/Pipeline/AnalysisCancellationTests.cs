using System.Numerics;
using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;
using FaceAlign3D.Imaging;
using FaceAlign3D.Pipeline;

namespace FaceAlign3D.Tests.Pipeline;

/// <summary>A cancelled analysis stops at the next stage boundary (before detection, before each face).</summary>
public sealed class AnalysisCancellationTests
{
    /// <summary>Finds two faces, then cancels (as a request timeout firing during detection would).</summary>
    private sealed class CancellingDetector(CancellationTokenSource source) : IFaceDetector
    {
        public int Calls { get; private set; }

        public IReadOnlyList<FaceBox> Detect(Image image)
        {
            Calls++;
            source.Cancel();
            return [new FaceBox(1, 1, 10, 10, 0.9f), new FaceBox(20, 20, 30, 30, 0.9f)];
        }
    }

    private sealed class CountingAligner : IFaceAligner
    {
        public int Calls { get; private set; }

        public FaceAlignment Align(Image image, FaceBox box)
        {
            Calls++;
            throw new InvalidOperationException("a cancelled analysis must not align");
        }

        public FaceAlignment Align(Image image, IReadOnlyList<Vector2> previousLandmarks, float confidence = 1f) => Align(image, new FaceBox(0, 0, 1, 1, 1));
    }

    private static readonly Image Blank = new(32, 32, PixelFormat.Rgb8);

    [Fact]
    public void Cancelling_during_detection_skips_every_face()
    {
        using var source = new CancellationTokenSource();
        var detector = new CancellingDetector(source);
        var aligner = new CountingAligner();
        Assert.Throws<OperationCanceledException>(() => new FaceAnalyzer(detector, aligner).Analyze(Blank, cancellation: source.Token));
        Assert.Equal(1, detector.Calls);
        Assert.Equal(0, aligner.Calls);
    }

    [Fact]
    public void A_cancelled_call_runs_no_stage()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();
        var detector = new CancellingDetector(source);
        var aligner = new CountingAligner();
        var analyzer = new FaceAnalyzer(detector, aligner);
        Assert.Throws<OperationCanceledException>(() => analyzer.Analyze(Blank, cancellation: source.Token));
        Assert.Throws<OperationCanceledException>(() => analyzer.AnalyzeBoxes(Blank, [new FaceBox(1, 1, 10, 10, 1)], cancellation: source.Token));
        Assert.Equal(0, detector.Calls + aligner.Calls);
    }

    [Fact]
    public void A_cancelled_toolkit_analysis_returns_its_analyzer_and_the_next_one_runs()
    {
        using var toolkit = FaceToolkit.Open(AllModelsFolder.Store);
        var photo = FaceToolkit.LoadImage(SharedData.PathOf("data", "samples", "obama_small.jpg"));
        Assert.Throws<OperationCanceledException>(() => toolkit.Analyze(photo, cancellation: new CancellationToken(canceled: true)));
        Assert.Single(toolkit.Analyze(photo).Faces);
    }
}
