using System.Collections.Concurrent;
using FaceAlign3D.Alignment;
using FaceAlign3D.Fitting;
using FaceAlign3D.Geometry;
using FaceAlign3D.Imaging;
using FaceAlign3D.Models;
using FaceAlign3D.Morphable.IctFaceKit;
using FaceAlign3D.Pipeline;
using FaceAlign3D.Tracking;

namespace FaceAlign3D.Server.Work;

/// <summary>One face fitted with the ICT model: the fit and what is derived from it (vertices, tension, action units).</summary>
public sealed record FittedFace(int Face, FitResult Fit, FitAnalysis Analysis, double Milliseconds);

/// <summary>
/// The toolkit calls the server makes, over the library's current entry points: analyzers (one per worker and
/// configuration, built on first use and reused), the ICT model and its fitters (loaded once), trackers.
/// </summary>
public sealed class ToolkitAdapter(ModelStore store) : IDisposable
{
    private readonly ConcurrentDictionary<AnalyzerOptions, ConcurrentBag<AnalyzerHandle>> _idle = new();
    private readonly Lazy<IctFaceModel> _ict = new(() => IctFaceModelReader.Load(store.Resolve("ict-facekit").PathOf("ict_face_model.safetensors")));
    private readonly ConcurrentDictionary<int, FaceModelFitter> _fitters = new();

    public ModelStore Store { get; } = store;

    public IctFaceModel Ict => _ict.Value;

    /// <summary>Detects and aligns every face; the analyzer is borrowed from the pool of idle ones for this configuration.</summary>
    public ImageAnalysis Analyze(Image image, AnalyzerOptions options)
    {
        var idle = _idle.GetOrAdd(options, _ => []);
        var handle = idle.TryTake(out var h) ? h : AnalyzerFactory.Create(Store, options);
        try
        {
            return handle.Analyzer.Analyze(image);
        }
        finally
        {
            idle.Add(handle);
        }
    }

    /// <summary>Fits the ICT model (scaled orthographic, as the aligners) to each face: MediaPipe's 468 points when present, else the 68.</summary>
    public IReadOnlyList<FittedFace> Fit(ImageAnalysis analysis)
    {
        var fitted = new List<FittedFace>();
        for (int f = 0; f < analysis.Faces.Count; f++)
        {
            var landmarks = analysis.Faces[f].Alignment.Landmarks3D;
            var points = (FaceLandmarks68.IsFaceMesh(landmarks) ? landmarks : FaceLandmarks68.Of(landmarks)).Select(p => new Point2(p.X, p.Y)).ToArray();
            var fitter = _fitters.GetOrAdd(points.Length, count => new FaceModelFitter(Ict, new FitOptions(),
                count == IctMediaPipeCorrespondence.PointCount ? LandmarkLayout.MediaPipe468(IctMediaPipeCorrespondence.LoadBuiltIn(Ict.VertexCount)) : null));
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            var fit = fitter.FitImage(LandmarkObservation.WithUniformSigma(points, null), ViewCamera.Orthographic());
            double ms = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            fitted.Add(new FittedFace(f, fit, FitAnalysis.Compute(Ict, fit), ms));
        }
        return fitted;
    }

    /// <summary>A fresh tracker for one video; dispose the returned handle to free its networks.</summary>
    public (FaceTracker Tracker, IDisposable Networks) CreateTracker(AlignerKind aligner)
    {
        var networks = new List<IDisposable>();
        try
        {
            var tracker = new FaceTracker(
                AnalyzerFactory.CreateDetector(Store, AnalyzerFactory.DefaultDetector(aligner), 1, networks),
                AnalyzerFactory.CreateAligner(Store, new AnalyzerOptions { Aligner = aligner }, networks),
                new FaceTrackerOptions());
            return (tracker, new Releaser(networks));
        }
        catch
        {
            networks.ForEach(n => n.Dispose());
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var bag in _idle.Values)
            while (bag.TryTake(out var handle))
                handle.Dispose();
    }

    private sealed class Releaser(List<IDisposable> items) : IDisposable
    {
        public void Dispose() => items.ForEach(i => i.Dispose());
    }
}
