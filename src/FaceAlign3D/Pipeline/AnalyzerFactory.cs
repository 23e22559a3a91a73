using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;
using FaceAlign3D.Imaging;
using FaceAlign3D.Models;
using FaceAlign3D.Morphable;

namespace FaceAlign3D.Pipeline;

/// <summary>
/// Builds detectors, aligners and analyzers from the models a <see cref="ModelStore"/> resolves. Each
/// built object owns its network sessions; dispose the returned <see cref="AnalyzerHandle"/> to free them.
/// </summary>
internal static class AnalyzerFactory
{
    public static AnalyzerHandle Create(ModelStore store, AnalyzerOptions options)
    {
        var networks = new List<IDisposable>();
        try
        {
            var detector = CreateDetector(store, options, networks);
            var aligner = CreateAligner(store, options, networks);
            return new AnalyzerHandle(new FaceAnalyzer(detector, aligner), networks);
        }
        catch
        {
            networks.ForEach(n => n.Dispose());
            throw;
        }
    }

    /// <summary>The name a kind has on the command line and in output files.</summary>
    public static string Name(DetectorKind kind) => kind switch
    {
        DetectorKind.FaceBoxes => "faceboxes",
        DetectorKind.UltraLight => "ultralight",
        DetectorKind.UltraLight640 => "ultralight640",
        DetectorKind.BlazeFace => "blazeface",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string Name(AlignerKind kind) => kind switch
    {
        AlignerKind.Tddfa => "tddfa",
        AlignerKind.MediaPipe => "mediapipe",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Every detector's command-line name.</summary>
    public static IReadOnlyList<string> DetectorNames { get; } = Enum.GetValues<DetectorKind>().Select(Name).ToArray();

    /// <summary>Every aligner's command-line name.</summary>
    public static IReadOnlyList<string> AlignerNames { get; } = Enum.GetValues<AlignerKind>().Select(Name).ToArray();

    /// <summary>The detector kind of a command-line name (case-insensitive).</summary>
    public static DetectorKind ParseDetector(string name) =>
        Parse<DetectorKind>(name, Name) ?? throw new ArgumentException($"unknown detector '{name}' (available: {string.Join(", ", DetectorNames)})");

    /// <summary>The aligner kind of a command-line name (case-insensitive).</summary>
    public static AlignerKind ParseAligner(string name) =>
        Parse<AlignerKind>(name, Name) ?? throw new ArgumentException($"unknown aligner '{name}' (available: {string.Join(", ", AlignerNames)})");

    private static T? Parse<T>(string name, Func<T, string> nameOf) where T : struct, Enum
    {
        foreach (var kind in Enum.GetValues<T>())
            if (nameOf(kind).Equals(name, StringComparison.OrdinalIgnoreCase))
                return kind;
        return null;
    }

    /// <summary>The detector each aligner ships with: FaceBoxes for 3DDFA_V2, BlazeFace for MediaPipe (its crop uses the eye keypoints).</summary>
    public static DetectorKind DefaultDetector(AlignerKind aligner) => aligner == AlignerKind.MediaPipe ? DetectorKind.BlazeFace : DetectorKind.FaceBoxes;

    /// <summary>A detector whose network sessions are added to <paramref name="owned"/> for the caller to dispose.</summary>
    public static IFaceDetector CreateDetector(ModelStore store, AnalyzerOptions options, ICollection<IDisposable> owned)
    {
        ImageResizer resize = (image, w, h) => ImageResize.Resize(image, w, h);
        NetworkFunction Open(ModelFileId file) => Network(options.Engine, store.PathOf(file), options.NetworkThreads, owned);
        return options.Detector switch
        {
            DetectorKind.FaceBoxes => new FaceBoxesDetector(Open(ModelFiles.FaceBoxes), resize, options.MinFaceSize),
            DetectorKind.UltraLight => new UltraLightDetector(Open(ModelFiles.UltraLight320), resize),
            DetectorKind.UltraLight640 => new UltraLightDetector(Open(ModelFiles.UltraLight640), resize, 640, 480),
            DetectorKind.BlazeFace => new BlazeFaceDetector(Open(ModelFiles.MediaPipeFaceDetection)),
            _ => throw new ArgumentOutOfRangeException(nameof(options), $"detector {options.Detector} is not available"),
        };
    }

    /// <summary>An aligner whose network sessions are added to <paramref name="owned"/> for the caller to dispose.</summary>
    public static IFaceAligner CreateAligner(ModelStore store, AnalyzerOptions options, ICollection<IDisposable> owned)
    {
        if (options.Contour == ContourConvention.Silhouette && options.Aligner != AlignerKind.Tddfa)
            throw new ArgumentException($"the silhouette contour needs the tddfa aligner, not {Name(options.Aligner)}");
        switch (options.Aligner)
        {
            case AlignerKind.Tddfa:
                var bfm = Bfm3ddfa.Load(store.PathOf(ModelFiles.Bfm3ddfa));
                var dense = options.FullBfmPath is null ? null : Bfm3ddfaDense.Load(options.FullBfmPath, bfm.Triangles.Span);
                var network = Network(options.Engine, options.TddfaRegressorPath ?? store.PathOf(ModelFiles.TddfaRegressor), options.NetworkThreads, owned);
                var silhouette = options.Contour == ContourConvention.Silhouette ? new SilhouetteContour(bfm) : null;
                return new TddfaAligner(network, new TddfaReconstruction(bfm), dense, silhouette);
            case AlignerKind.MediaPipe:
                var canonical = MediaPipeCanonicalFace.Load(store.PathOf(ModelFiles.MediaPipeGeometryMetadata));
                var mesh = Network(options.Engine, store.PathOf(ModelFiles.MediaPipeFaceLandmark), options.NetworkThreads, owned);
                return new MediaPipeMeshAligner(new MediaPipeFaceMeshAligner(mesh, new MediaPipeFaceGeometry(canonical)), canonical);
            default:
                throw new ArgumentOutOfRangeException(nameof(options), $"aligner {options.Aligner} is not available");
        }
    }

    /// <summary>A model file opened by <paramref name="engine"/>; the network is added to <paramref name="owned"/>.</summary>
    public static NetworkFunction Network(INetworkEngine engine, string path, int threads, ICollection<IDisposable> owned)
    {
        var network = engine.Open(path, threads);
        owned.Add(network);
        return network.Function;
    }
}

/// <summary>An analyzer with the network sessions it owns.</summary>
internal sealed class AnalyzerHandle(FaceAnalyzer analyzer, IReadOnlyList<IDisposable> resources) : IDisposable
{
    public FaceAnalyzer Analyzer { get; } = analyzer;

    public void Dispose()
    {
        foreach (var r in resources)
            r.Dispose();
    }
}
