using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;
using FaceAlign3D.Evaluation.Datasets;

namespace FaceAlign3D.Evaluation.Live;

/// <summary>
/// The user's path on AFLW2000-3D: the detector runs on the full image from images/ and every face it reports
/// is aligned; the evaluator scores the one that overlaps the ground truth most. No ground truth is used here.
/// Landmarks are scored as 68 points (<see cref="FaceLandmarks68"/>: MediaPipe's mesh through its 468-to-68 table).
/// </summary>
internal sealed class DetectPredictor(IFaceDetector detector, IFaceAligner aligner, IDisposable? owned = null) : IAflw2000Predictor
{
    public ImagePrediction Predict(Aflw2000Dataset dataset, Aflw2000Sample sample)
    {
        var image = LiveImages.Load(dataset.ImagePath(sample), "images");
        var faces = new List<FacePrediction>();
        foreach (var box in detector.Detect(image))
        {
            var alignment = aligner.Align(image, box);
            faces.Add(LiveImages.ToFacePrediction(FaceLandmarks68.Of(alignment), alignment.Pose, box.Box, box.Score));
        }
        return new ImagePrediction(sample.Image, image.Width, image.Height, faces);
    }

    public void Dispose() => owned?.Dispose();
}
