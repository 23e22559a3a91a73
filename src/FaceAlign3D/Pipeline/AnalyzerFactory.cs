using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;
using FaceAlign3D.Imaging;
using FaceAlign3D.Models;
using FaceAlign3D.Morphable;
using FaceAlign3D.Neural.Formats.Onnx;

namespace FaceAlign3D.Pipeline;

/// <summary>
/// Builds detectors, aligners and analyzers from the models a <see cref="ModelStore"/> resolves. Each
/// built object owns its network sessions; dispose the returned <see cref="AnalyzerHandle"/> to free them.
/// </summary>
public static class AnalyzerFactory
{
    public static AnalyzerHandle Create(ModelStore store, AnalyzerOptions options)
    {
        var networks = new List<IDisposable>();
        try
        {
            var detector = CreateDetector(store, options.Detector, options.NetworkThreads, networks);
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
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string Name(AlignerKind kind) => kind switch
    {
        AlignerKind.Tddfa => "tddfa",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>A detector whose network sessions are added to <paramref name="owned"/> for the caller to dispose.</summary>
    public static IFaceDetector CreateDetector(ModelStore store, DetectorKind kind, int threads, ICollection<IDisposable> owned)
    {
        ImageResizer resize = (image, w, h) => ImageResize.Resize(image, w, h);
        return kind switch
        {
            DetectorKind.FaceBoxes => new FaceBoxesDetector(Network(store, "faceboxes", "faceboxes_prod.onnx", threads, owned), resize),
            DetectorKind.UltraLight => new UltraLightDetector(Network(store, "ultralight-rfb-320", "version-RFB-320.onnx", threads, owned), resize),
            DetectorKind.UltraLight640 => new UltraLightDetector(Network(store, "ultralight-rfb-640", "version-RFB-640.onnx", threads, owned), resize, 640, 480),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    /// <summary>An aligner whose network sessions are added to <paramref name="owned"/> for the caller to dispose.</summary>
    public static IFaceAligner CreateAligner(ModelStore store, AnalyzerOptions options, ICollection<IDisposable> owned)
    {
        switch (options.Aligner)
        {
            case AlignerKind.Tddfa:
                var bfm = Bfm3ddfa.Load(store.Resolve("bfm-3ddfa-v2").PathOf("bfm_3ddfa_v2.safetensors"));
                var dense = options.FullBfmPath is null ? null : Bfm3ddfaDense.Load(options.FullBfmPath);
                var network = Network(store, "tddfa-mb05", "mb05_120x120.onnx", options.NetworkThreads, owned);
                return new TddfaAligner(network, new TddfaReconstruction(bfm), dense);
            default:
                throw new ArgumentOutOfRangeException(nameof(options), $"aligner {options.Aligner} is not available");
        }
    }

    /// <summary>An ONNX model of the store as a network function; its sessions are added to <paramref name="owned"/>.</summary>
    public static NetworkFunction Network(ModelStore store, string modelId, string file, int threads, ICollection<IDisposable> owned)
    {
        var network = new SessionNetwork(OnnxModelReader.Read(store.Resolve(modelId).PathOf(file)), threads);
        owned.Add(network);
        return network.Function;
    }
}

/// <summary>An analyzer with the network sessions it owns.</summary>
public sealed class AnalyzerHandle(FaceAnalyzer analyzer, IReadOnlyList<IDisposable> resources) : IDisposable
{
    public FaceAnalyzer Analyzer { get; } = analyzer;

    public void Dispose()
    {
        foreach (var r in resources)
            r.Dispose();
    }
}
