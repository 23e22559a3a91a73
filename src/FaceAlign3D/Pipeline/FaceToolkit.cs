using System.Collections.Concurrent;
using System.Diagnostics;
using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;
using FaceAlign3D.Evaluation;
using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Evaluation.Live;
using FaceAlign3D.Evaluation.Reports;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Models;
using FaceAlign3D.Morphable.IctFaceKit;
using FaceAlign3D.Tracking;
using FaceAlign3D.Video;

namespace FaceAlign3D.Pipeline;

/// <summary>What one analysis does beyond detect and align.</summary>
public sealed record AnalyzeSettings
{
    /// <summary>Align this box instead of running the detector (for example a user's region of interest).</summary>
    public FaceBox? Roi { get; init; }

    /// <summary>Also build each face's dense mesh when the aligner has one.</summary>
    public bool WithMesh { get; init; }
}

/// <summary>How a video or image folder is tracked and what the run writes.</summary>
public sealed record TrackSettings
{
    public FaceTrackerOptions Tracker { get; init; } = new();

    /// <summary>Folder, video switch and progress callback of the run.</summary>
    public required TrackRunOptions Run { get; init; }

    /// <summary>Fit the ICT model to each track (one identity per track, blendshapes per frame).</summary>
    public bool Fit { get; init; }

    /// <summary>How the track fit weighs each frame's landmarks.</summary>
    public LandmarkSigma FitSigma { get; init; } = LandmarkSigma.Auto;

    /// <summary>Threads of the detector network.</summary>
    public int DetectorThreads { get; init; } = 1;
}

/// <summary>
/// The application layer: opened once from a <see cref="ModelStore"/>, it builds and owns every network session
/// and offers the toolkit's jobs: analyse photos, fit the face model, track videos and evaluate on AFLW2000-3D.
/// Analyze is thread-safe: each concurrent call gets an analyzer of its own from a pool that grows on demand.
/// </summary>
public sealed class FaceToolkit : IDisposable
{
    private readonly ModelStore _store;
    private readonly ConcurrentBag<AnalyzerHandle> _idle = [];
    private readonly ConcurrentQueue<AnalyzerHandle> _all = new();
    private readonly Lazy<FaceFitting> _fitting;

    private readonly Lazy<string?> _alignerModelSha256;

    private FaceToolkit(ModelStore store, AnalyzerOptions options, Func<FaceFitting>? fitting)
    {
        _store = store;
        Options = options;
        _fitting = new Lazy<FaceFitting>(fitting ?? (() => FaceFitting.Load(store)));
        _alignerModelSha256 = new Lazy<string?>(() => options.Aligner == AlignerKind.Tddfa
            ? FileChecksum.Sha256(options.TddfaRegressorPath ?? store.PathOf(ModelFiles.TddfaRegressor))
            : null);
    }

    public AnalyzerOptions Options { get; }

    /// <summary>The detector's and aligner's names, as the command line and output files spell them.</summary>
    public string DetectorName => AnalyzerFactory.Name(Options.Detector);
    public string AlignerName => AnalyzerFactory.Name(Options.Aligner);

    /// <summary>SHA-256 of the tddfa aligner's regressor file (the store's mb05 or <see cref="AnalyzerOptions.TddfaRegressorPath"/>); null for other aligners.</summary>
    public string? AlignerModelSha256 => _alignerModelSha256.Value;

    /// <summary>The ICT face model and its fitters, loaded on first use.</summary>
    public FaceFitting Fitting => _fitting.Value;

    /// <summary>
    /// Opens the toolkit with <paramref name="analyzers"/> analyzers built now (so a missing model fails here, not
    /// on the first photo); 0 defers them to the first <see cref="Analyze(Image, AnalyzeSettings?, CancellationToken)"/>.
    /// <paramref name="loadFaceModel"/> loads the ICT model now as well. <paramref name="fitting"/> gives the ICT
    /// model and its fitters on first use instead of loading them from the store (toolkits sharing one model).
    /// </summary>
    public static FaceToolkit Open(ModelStore store, AnalyzerOptions? options = null, int analyzers = 1, bool loadFaceModel = false,
        Func<FaceFitting>? fitting = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(analyzers);
        var toolkit = new FaceToolkit(store, options ?? new AnalyzerOptions(), fitting);
        try
        {
            if (loadFaceModel)
                _ = toolkit.Fitting;
            for (int i = 0; i < analyzers; i++)
                toolkit._idle.Add(toolkit.CreateAnalyzer());
            return toolkit;
        }
        catch
        {
            toolkit.Dispose();
            throw;
        }
    }

    /// <summary>Decodes a photo (EXIF orientation applied) to 8-bit RGB.</summary>
    public static Image LoadImage(string path) => PixelConversion.ToRgb8(ImageDecoder.Load(path, new DecodeOptions { ApplyExifOrientation = true }));

    /// <summary>Decodes a photo and analyses it; the decode time is part of the result's stages.</summary>
    public ImageAnalysis Analyze(string path, AnalyzeSettings? settings = null)
    {
        long start = Stopwatch.GetTimestamp();
        var image = LoadImage(path);
        var decode = Stopwatch.GetElapsedTime(start);
        return Analyze(image, settings) with { DecodeTime = decode };
    }

    /// <summary>
    /// Detects (or takes the settings' box) and aligns every face of an image. <paramref name="cancellation"/> is
    /// checked between the stages (detection, each face), so a cancelled call frees its analyzer soon.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> fired.</exception>
    public ImageAnalysis Analyze(Image image, AnalyzeSettings? settings = null, CancellationToken cancellation = default)
    {
        settings ??= new AnalyzeSettings();
        var handle = _idle.TryTake(out var idle) ? idle : CreateAnalyzer();
        try
        {
            return settings.Roi is { } roi
                ? handle.Analyzer.AnalyzeBoxes(image, [roi], settings.WithMesh, cancellation)
                : handle.Analyzer.Analyze(image, settings.WithMesh, cancellation);
        }
        finally
        {
            _idle.Add(handle);
        }
    }

    /// <summary>Fits the face model to every face of an analysis.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> fired (checked before each face).</exception>
    public IReadOnlyList<FaceFit> Fit(string image, ImageAnalysis analysis, FitSettings? settings = null, CancellationToken cancellation = default) =>
        Fitting.FitFaces(FaceFitting.Aligned(image, analysis), settings ?? new FitSettings(), cancellation);

    /// <summary>Fits the face model to the faces of an align result read back from its JSON.</summary>
    public IReadOnlyList<FaceFit> Fit(AlignedImage aligned, FitSettings? settings = null) => Fitting.FitFaces(aligned, settings ?? new FitSettings());

    /// <summary>
    /// Tracks faces through a source with the toolkit's aligner and its usual detector, writing the run's outputs
    /// (tracks.jsonl, tracks.csv, overlay.mp4, summary.json; with <see cref="TrackSettings.Fit"/>, each face's fit
    /// and tracks.fit.json).
    /// </summary>
    public TrackSummary Track(string input, IFrameSource source, TrackSettings settings, CancellationToken cancellation = default)
    {
        var networks = new List<IDisposable>();
        try
        {
            var options = Options with { Detector = AnalyzerFactory.DefaultDetector(Options.Aligner) };
            var detector = AnalyzerFactory.CreateDetector(_store, options with { NetworkThreads = settings.DetectorThreads }, networks);
            var aligner = AnalyzerFactory.CreateAligner(_store, options, networks);
            var layout = Options.Aligner == AlignerKind.MediaPipe ? AlignmentLayout.FaceMesh468 : AlignmentLayout.Tddfa68;
            var fitter = settings.Fit ? Fitting.TrackFitter(layout, settings.FitSigma) : null;
            var tracker = new FaceTracker(detector, aligner, settings.Tracker, fitter);
            return TrackRun.Run(input, source, tracker, settings.Run, cancellation, fitter, AlignerModelSha256);
        }
        finally
        {
            networks.ForEach(n => n.Dispose());
        }
    }

    /// <summary>
    /// Tracks faces through decoded frames with the toolkit's aligner and its usual detector without writing anything:
    /// <paramref name="visit"/> gets every frame with the tracker's answer for it (for work on the frames themselves,
    /// such as person-specific adaptation).
    /// </summary>
    public void TrackFrames(IEnumerable<VideoFrame> frames, FaceTrackerOptions options, Action<VideoFrame, TrackedFrame> visit)
    {
        var networks = new List<IDisposable>();
        try
        {
            var analyzer = Options with { Detector = AnalyzerFactory.DefaultDetector(Options.Aligner) };
            var tracker = new FaceTracker(AnalyzerFactory.CreateDetector(_store, analyzer, networks), AnalyzerFactory.CreateAligner(_store, analyzer, networks), options);
            foreach (var frame in frames)
                visit(frame, tracker.Process(frame.Image, frame.Time));
        }
        finally
        {
            networks.ForEach(n => n.Dispose());
        }
    }

    /// <summary>
    /// Runs the toolkit's aligner live over AFLW2000-3D (the 3DDFA crops, or its usual detector on the full images)
    /// and scores it. Each of <paramref name="threads"/> workers gets single-threaded networks of its own.
    /// </summary>
    public EvaluationReport EvaluateAflw2000(Aflw2000Dataset dataset, Aflw2000Protocol protocol, Aflw2000EvaluationOptions evaluation, int threads,
        IProgress<int>? progress = null)
    {
        Func<IAflw2000Predictor> predictor;
        if (Options.Aligner == AlignerKind.MediaPipe)
        {
            var models = MediaPipeEvaluationModels.Load(_store.PathOf(ModelFiles.MediaPipeFaceDetection), _store.PathOf(ModelFiles.MediaPipeFaceLandmark),
                _store.PathOf(ModelFiles.MediaPipeGeometryMetadata), Options.Engine);
            predictor = () => models.CreatePredictor(protocol);
        }
        else
        {
            var models = TddfaEvaluationModels.Load(Options.TddfaRegressorPath ?? _store.PathOf(ModelFiles.TddfaRegressor), _store.PathOf(ModelFiles.Bfm3ddfa),
                protocol == Aflw2000Protocol.Detect ? _store.PathOf(ModelFiles.FaceBoxes) : null, Options.Engine);
            predictor = () => models.CreatePredictor(protocol);
        }
        var predictions = LivePredictions.Run(dataset, predictor, threads, progress);
        return new Aflw2000Evaluator(dataset, evaluation).Evaluate(predictions);
    }

    public void Dispose()
    {
        while (_all.TryDequeue(out var handle))
            handle.Dispose();
    }

    private AnalyzerHandle CreateAnalyzer()
    {
        var handle = AnalyzerFactory.Create(_store, Options);
        _all.Enqueue(handle);
        return handle;
    }
}
