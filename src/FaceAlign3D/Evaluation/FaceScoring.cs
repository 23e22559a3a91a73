using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Evaluation.Metrics;

namespace FaceAlign3D.Evaluation;

/// <summary>Chooses the predicted face of an image that answers a ground-truth face, and scores it.</summary>
internal static class FaceScoring
{
    /// <summary>
    /// Picks the face (with several, the one whose landmark box overlaps the true landmark box most) and computes
    /// its NME; false with <paramref name="problem"/> when there is no usable face.
    /// </summary>
    public static bool TryScore(ImagePrediction prediction, LandmarkSet truth, NmeOptions options,
        out FacePrediction? face, out NmeResult nme, out string problem)
    {
        nme = default;
        face = BestOverlap(prediction, truth);
        if (face is null)
            problem = "no face predicted";
        else if (!face.Landmarks.IsFinite())
            problem = "predicted landmarks contain NaN or infinity";
        else if (face.Landmarks.Count != truth.Count)
            problem = $"predicted {face.Landmarks.Count} landmarks, ground truth has {truth.Count}";
        else
        {
            try
            {
                nme = Nme.Evaluate(face.Landmarks, truth, options with { ImageWidth = prediction.Width, ImageHeight = prediction.Height });
                problem = "";
                return true;
            }
            catch (ArgumentException e) { problem = e.Message; }
        }
        return false;
    }

    private static FacePrediction? BestOverlap(ImagePrediction prediction, LandmarkSet truth)
    {
        if (prediction.Faces.Count <= 1) return prediction.Faces.FirstOrDefault();
        var target = truth.BoundingBox();
        return prediction.Faces.MaxBy(f => f.Landmarks.BoundingBox().IntersectionOverUnion(target));
    }
}
