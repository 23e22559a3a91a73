using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Evaluation.Metrics;
using FaceAlign3D.Evaluation.Reports;

namespace FaceAlign3D.Evaluation;

/// <summary>
/// Scores predictions against any set of annotated faces (.pts folders, COCO keypoint files): 2D NME per face
/// with the chosen normaliser, the overall mean, the contour/inner split for known layouts, CED AUC and failure
/// rate. There is no pose ground truth, so the report has no |yaw| buckets and no pose errors.
/// </summary>
internal sealed class LandmarkEvaluator(LandmarkGroundTruth truth, NmeNormalizer normalizer = NmeNormalizer.BoxSqrtArea, double cedThreshold = 0.10)
{
    public EvaluationReport Evaluate(PredictionSet predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        var byStem = predictions.Images
            .GroupBy(p => Path.GetFileNameWithoutExtension(p.Image), StringComparer.Ordinal)
            .Where(g => g.Count() == 1)
            .ToDictionary(g => g.Key, g => g.Single(), StringComparer.Ordinal);
        var items = new List<ItemScore>(truth.Faces.Count);
        var failed = new List<DatasetIssue>(truth.Issues);
        foreach (var face in truth.Faces)
        {
            var prediction = predictions.Find(face.Image, out var problem);
            // .pts ground truth names no image, only a stem; predictions name the image file.
            if (prediction is null && byStem.TryGetValue(face.Image, out var sameStem))
                prediction = sameStem;
            if (prediction is null)
            {
                failed.Add(new DatasetIssue(face.Item, problem));
                continue;
            }
            var options = new NmeOptions { Normalizer = normalizer, Dimensions = 2 };
            if (!FaceScoring.TryScore(prediction, face.Landmarks, options, out _, out var nme, out problem))
            {
                failed.Add(new DatasetIssue(face.Item, problem));
                continue;
            }
            items.Add(new ItemScore(face.Item, double.NaN, -1, nme.Nme, nme.Contour, nme.Inner, null));
        }
        return new EvaluationReport
        {
            Dataset = truth.Description,
            Protocol = $"2D NME of all landmarks / {normalizer}",
            Total = truth.Faces.Count + truth.Issues.Count,
            Items = items,
            Failed = failed,
            InputIssues = predictions.Issues,
            BucketCounts = [],
            BucketNme = [],
            NmeMeanOfBuckets = double.NaN,
            NmeMeanAll = items.Count == 0 ? double.NaN : items.Average(i => i.Nme),
            NmeContour = Aflw2000Evaluator.MeanOrNull(items.Where(i => i.NmeContour is not null).Select(i => i.NmeContour!.Value)),
            NmeInner = Aflw2000Evaluator.MeanOrNull(items.Where(i => i.NmeInner is not null).Select(i => i.NmeInner!.Value)),
            Pose = null,
            Ced = new CumulativeErrorDistribution(items.Select(i => i.Nme), cedThreshold),
        };
    }
}
