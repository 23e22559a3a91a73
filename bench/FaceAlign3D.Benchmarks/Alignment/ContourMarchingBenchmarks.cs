using BenchmarkDotNet.Attributes;
using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Morphable;
using FaceAlign3D.Pipeline;

namespace FaceAlign3D.Benchmarks.Alignment;

/// <summary>
/// What `align --contour silhouette` adds per face, one thread: the tddfa aligner on the first face of emma.jpg
/// (turned by about 57 degrees, so eight jaw landmarks march) with the fixed contour (the baseline: crop, mb05,
/// reconstruction) and with landmark marching; and the reconstruction alone (62 parameters to 68 landmarks) from the
/// same network output, without and with marching.
/// </summary>
[MemoryDiagnoser]
public class ContourMarchingBenchmarks
{
    // FaceBoxes' region box of emma.jpg's first face (align's roi_box).
    private static readonly BoundingBox Roi = new(1546.291, 246.899, 2211.291, 911.899);

    private INetwork _network = null!;
    private TddfaAligner _fixed = null!;
    private TddfaAligner _silhouette = null!;
    private Image _image = null!;
    private float[] _output = null!;

    [GlobalSetup]
    public void Setup()
    {
        string shared = SharedData.Root();
        var bfm = Bfm3ddfa.Load(Path.Combine(shared, "models", "tddfa_v2", "bfm_3ddfa_v2.safetensors"));
        _network = ManagedNetworkEngine.Instance.Open(Path.Combine(shared, "models", "tddfa_v2", "mb05_120x120.onnx"), 1);
        var reconstruction = new TddfaReconstruction(bfm);
        _fixed = new TddfaAligner(_network.Function, reconstruction);
        _silhouette = new TddfaAligner(_network.Function, reconstruction, silhouette: new SilhouetteContour(bfm));
        _image = PixelConversion.ToRgb8(ImageDecoder.Load(Path.Combine(shared, "data", "samples", "emma.jpg")));
        var input = ImagePreprocess.CropResizeToTensor(_image, TddfaRoi.CropRectangle(Roi), TddfaReconstruction.InputSize, TddfaReconstruction.InputSize, TensorOptions.Tddfa);
        _output = _network.Function(input, [1, 3, TddfaReconstruction.InputSize, TddfaReconstruction.InputSize])[0];
    }

    [Benchmark(Baseline = true)]
    public FaceAlignment AlignFixed() => _fixed.AlignRegion(_image, Roi);

    [Benchmark]
    public FaceAlignment AlignSilhouette() => _silhouette.AlignRegion(_image, Roi);

    [Benchmark]
    public FaceAlignment ReconstructFixed() => _fixed.FromNetworkOutput(_output, Roi);

    [Benchmark]
    public FaceAlignment ReconstructSilhouette() => _silhouette.FromNetworkOutput(_output, Roi);

    [GlobalCleanup]
    public void Cleanup() => _network.Dispose();
}
