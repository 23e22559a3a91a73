using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;
using FaceAlign3D.Evaluation.Datasets;

namespace FaceAlign3D.Evaluation.Live;

/// <summary>
/// 3DDFA_V2 under the 3DDFA benchmark protocol: the sample's 120x120 crop goes to the regressor unchanged
/// (BGR, (x - 127.5) / 128, no further crop or resize) and the 68 landmarks come back to image pixels through
/// the sample's roi box, as the original benchmark_aflw2000.py does.
/// </summary>
internal sealed class TddfaCropPredictor(TddfaAligner aligner, IDisposable? owned = null) : IAflw2000Predictor
{
    public ImagePrediction Predict(Aflw2000Dataset dataset, Aflw2000Sample sample)
    {
        if (sample.RoiBox is not { } box)
            throw new EvaluationDataException(sample.Image, "no roi_box_3ddfa in the annotations; the 3ddfa protocol needs it");
        var roi = new BoundingBox(box[0], box[1], box[2], box[3]);
        var crop = LiveImages.Load(dataset.CropPath(sample), "crops_120");
        if (crop.Width != TddfaReconstruction.InputSize || crop.Height != TddfaReconstruction.InputSize)
            throw new EvaluationDataException(sample.Image, $"crops_120 image is {crop.Width}x{crop.Height}, the 3ddfa protocol needs {TddfaReconstruction.InputSize}x{TddfaReconstruction.InputSize}");
        var alignment = aligner.AlignCrop(crop, roi);
        var face = LiveImages.ToFacePrediction(alignment.Landmarks3D, alignment.Pose, null, null);
        return new ImagePrediction(sample.Image, 0, 0, [face]);
    }

    public void Dispose() => owned?.Dispose();
}
