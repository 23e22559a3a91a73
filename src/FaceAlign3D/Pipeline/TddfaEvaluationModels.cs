using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;
using FaceAlign3D.Evaluation;
using FaceAlign3D.Evaluation.Live;
using FaceAlign3D.Imaging;
using FaceAlign3D.Morphable;

namespace FaceAlign3D.Pipeline;

/// <summary>
/// The 3DDFA_V2 models of an AFLW2000-3D run (mb05 regressor, BFM parameters and sparse bases, FaceBoxes for the
/// detect protocol): the BFM is read once, and each worker thread gets a predictor with its own single-threaded
/// networks.
/// </summary>
internal sealed class TddfaEvaluationModels
{
    private readonly string _regressor;
    private readonly string? _faceBoxes;
    private readonly INetworkEngine _engine;

    private TddfaEvaluationModels(string regressor, string? faceBoxes, TddfaReconstruction reconstruction, INetworkEngine engine)
    {
        _regressor = regressor;
        _faceBoxes = faceBoxes;
        _engine = engine;
        Reconstruction = reconstruction;
    }

    public TddfaReconstruction Reconstruction { get; }

    /// <param name="regressorOnnx">mb05_120x120.onnx (or another 62-parameter regressor).</param>
    /// <param name="bfmSafetensors">bfm_3ddfa_v2.safetensors.</param>
    /// <param name="faceBoxesOnnx">faceboxes_prod.onnx; only needed for <see cref="Aflw2000Protocol.Detect"/>.</param>
    /// <param name="engine">The engine that runs the networks (default: the managed engine).</param>
    public static TddfaEvaluationModels Load(string regressorOnnx, string bfmSafetensors, string? faceBoxesOnnx, INetworkEngine? engine = null)
    {
        engine ??= ManagedNetworkEngine.Instance;
        // Open once up front so a missing or corrupt file fails before any worker starts.
        engine.Open(regressorOnnx, 1).Dispose();
        if (faceBoxesOnnx is not null)
            engine.Open(faceBoxesOnnx, 1).Dispose();
        return new TddfaEvaluationModels(regressorOnnx, faceBoxesOnnx, new TddfaReconstruction(Bfm3ddfa.Load(bfmSafetensors)), engine);
    }

    /// <summary>A predictor for one worker thread; disposing it releases its networks.</summary>
    public IAflw2000Predictor CreatePredictor(Aflw2000Protocol protocol)
    {
        if (protocol == Aflw2000Protocol.Detect && _faceBoxes is null)
            throw new InvalidOperationException("the detect protocol needs the FaceBoxes model; load it with the regressor");
        var regressor = _engine.Open(_regressor, 1);
        var aligner = new TddfaAligner(regressor.Function, Reconstruction);
        if (protocol == Aflw2000Protocol.Tddfa)
            return new TddfaCropPredictor(aligner, regressor);
        var faceBoxes = _engine.Open(_faceBoxes!, 1);
        var detector = new FaceBoxesDetector(faceBoxes.Function, (image, width, height) => ImageResize.Resize(image, width, height));
        return new DetectPredictor(detector, aligner, new OwnedResources(regressor, faceBoxes));
    }
}
