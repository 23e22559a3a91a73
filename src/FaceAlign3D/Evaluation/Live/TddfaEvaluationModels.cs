using FaceAlign3D.Alignment;
using FaceAlign3D.Imaging;
using FaceAlign3D.Morphable;
using FaceAlign3D.Neural.Formats.Onnx;
using FaceAlign3D.Neural.Graph;
using FaceAlign3D.Detection;
using FaceAlign3D.Pipeline;

namespace FaceAlign3D.Evaluation.Live;

/// <summary>
/// The 3DDFA_V2 models read once (mb05 regressor, BFM parameters and sparse bases, FaceBoxes for the detect
/// protocol), handing each worker thread a predictor with its own single-threaded engine sessions.
/// </summary>
public sealed class TddfaEvaluationModels
{
    private readonly ModelGraph _regressor;
    private readonly ModelGraph? _faceBoxes;

    private TddfaEvaluationModels(ModelGraph regressor, ModelGraph? faceBoxes, TddfaReconstruction reconstruction)
    {
        _regressor = regressor;
        _faceBoxes = faceBoxes;
        Reconstruction = reconstruction;
    }

    public TddfaReconstruction Reconstruction { get; }

    /// <param name="regressorOnnx">mb05_120x120.onnx.</param>
    /// <param name="bfmSafetensors">bfm_3ddfa_v2.safetensors.</param>
    /// <param name="faceBoxesOnnx">faceboxes_prod.onnx; only needed for <see cref="Aflw2000Protocol.Detect"/>.</param>
    public static TddfaEvaluationModels Load(string regressorOnnx, string bfmSafetensors, string? faceBoxesOnnx)
    {
        var regressor = OnnxModelReader.Read(regressorOnnx);
        var bfm = Bfm3ddfa.Load(bfmSafetensors);
        var faceBoxes = faceBoxesOnnx is null ? null : OnnxModelReader.Read(faceBoxesOnnx);
        return new TddfaEvaluationModels(regressor, faceBoxes, new TddfaReconstruction(bfm));
    }

    /// <summary>A predictor for one worker thread; disposing it releases its sessions.</summary>
    public IAflw2000Predictor CreatePredictor(Aflw2000Protocol protocol)
    {
        var regressor = new SessionNetwork(_regressor);
        if (protocol == Aflw2000Protocol.Tddfa)
            return new TddfaCropPredictor(regressor.Function, Reconstruction, regressor);
        if (_faceBoxes is null)
        {
            regressor.Dispose();
            throw new InvalidOperationException("the detect protocol needs the FaceBoxes model; load it with the regressor");
        }
        var faceBoxes = new SessionNetwork(_faceBoxes);
        var detector = new FaceBoxesDetector(faceBoxes.Function, (image, width, height) => ImageResize.Resize(image, width, height));
        var aligner = new TddfaAligner(regressor.Function, Reconstruction);
        return new DetectPredictor(detector, aligner, new OwnedResources(regressor, faceBoxes));
    }
}
