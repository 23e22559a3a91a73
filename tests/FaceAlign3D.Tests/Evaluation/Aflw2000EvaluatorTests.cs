using System.Text.Json;
using System.Xml.Linq;
using FaceAlign3D.Evaluation;
using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Evaluation.Metrics;
using FaceAlign3D.Evaluation.Reports;

namespace FaceAlign3D.Tests.Evaluation;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public sealed class Aflw2000EvaluatorTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("fa3d-report-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static Aflw2000Dataset Dataset => Aflw2000ReproductionTests.Dataset.Value;

    [Theory]
    [InlineData(0, 0)]
    [InlineData(30, 0)]
    [InlineData(30.0001, 1)]
    [InlineData(60, 1)]
    [InlineData(61, 2)]
    [InlineData(120, 2)]
    public void BucketsAreInclusiveUpperLimitsWithAnOpenLastBucket(double yaw, int bucket) =>
        Assert.Equal(bucket, Aflw2000Evaluator.BucketOf(yaw));

    [Fact]
    public void MissingAndBrokenPredictionsAreFailedByNameAndTheRunContinues()
    {
        var all = Aflw2000ReproductionTests.Reference.Value.Images.ToList();
        var kept = all.Skip(3).ToList();
        // One prediction with the wrong point count, one with no face.
        kept[0] = kept[0] with { Faces = [new FacePrediction(new LandmarkSet([1, 2, 3, 4], 2))] };
        kept[1] = kept[1] with { Faces = [] };

        var report = new Aflw2000Evaluator(Dataset).Evaluate(PredictionSet.FromPredictions(kept));

        Assert.Equal(1000, report.Total);
        Assert.Equal(995, report.Scored);
        Assert.Equal(5, report.Failed.Count);
        foreach (var missing in all.Take(3))
            Assert.Contains(report.Failed, f => f.Item == missing.Image && f.Reason == "no prediction for this image");
        Assert.Contains(report.Failed, f => f.Item == kept[0].Image && f.Reason.Contains("predicted 2 landmarks"));
        Assert.Contains(report.Failed, f => f.Item == kept[1].Image && f.Reason == "no face predicted");
    }

    [Fact]
    public void PicksTheFaceOverlappingTheTruthAndScoresPose()
    {
        // Two faces per image: a far-away decoy and the ground truth moved by 1 px in x, with a
        // pose 2 degrees off in yaw: NME = 1 / sqrt(w h) and yaw MAE = 2 degrees exactly.
        var samples = Dataset.Samples.Take(20).ToList();
        var predictions = samples.Select(s =>
        {
            var truth = s.Landmarks3D.Coordinates.ToArray();
            for (int i = 0; i < truth.Length; i += 3) truth[i] += 1;
            var decoy = truth.Select((v, i) => i % 3 == 0 ? v + 5000 : v).ToArray();
            var pose = new EulerAngles(s.Pose.Yaw + 2 * Math.PI / 180, s.Pose.Pitch, s.Pose.Roll);
            return new ImagePrediction(s.Image, 450, 450,
                [new FacePrediction(new LandmarkSet(decoy, 3)), new FacePrediction(new LandmarkSet(truth, 3), Pose: pose)]);
        });

        var report = new Aflw2000Evaluator(Dataset).Evaluate(PredictionSet.FromPredictions(predictions));

        Assert.Equal(20, report.Scored);
        foreach (var (item, sample) in report.Items.Zip(samples))
        {
            var (x1, y1, x2, y2) = sample.Landmarks3D.BoundingBox();
            Assert.Equal(1 / Math.Sqrt((x2 - x1) * (y2 - y1)), item.Nme, 12);
        }
        Assert.Equal(2, report.Pose!.Yaw * 180 / Math.PI, 9);
        Assert.Equal(0, report.Pose.Pitch, 12);
        Assert.Equal(20, report.Pose.Count);
    }

    [Fact]
    public void WritesJsonMarkdownAndSvgReports()
    {
        var report = new Aflw2000Evaluator(Dataset).Evaluate(Aflw2000ReproductionTests.Reference.Value);
        ReportWriter.WriteAll(report, _temp, "3DDFA_V2 mb05");

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_temp, "report.json")));
        var root = json.RootElement;
        Assert.Equal(1000, root.GetProperty("counts").GetProperty("scored").GetInt32());
        Assert.Equal(642, root.GetProperty("counts").GetProperty("bucket_0_30").GetInt32());
        Assert.Equal(100 * report.NmeMeanOfBuckets, root.GetProperty("nme_mean_of_buckets").GetDouble(), 12);
        foreach (var key in new[] { "nme_0_30", "nme_30_60", "nme_60_90", "nme_mean_all", "nme_contour", "nme_inner", "auc", "failure_rate" })
            Assert.Equal(JsonValueKind.Number, root.GetProperty(key).ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("pose_mae_deg").ValueKind);
        Assert.Equal(report.Ced.Auc, root.GetProperty("auc").GetDouble(), 12);
        Assert.Equal(1000, root.GetProperty("items").GetArrayLength());
        Assert.Empty(root.GetProperty("failed").EnumerateArray());

        string md = File.ReadAllText(Path.Combine(_temp, "report.md"));
        Assert.Contains($"| **mean of buckets** | 1000 | **{100 * report.NmeMeanOfBuckets:0.000}** |", md);

        var svg = XDocument.Parse(File.ReadAllText(Path.Combine(_temp, "ced.svg")));
        XNamespace ns = "http://www.w3.org/2000/svg";
        var polyline = Assert.Single(svg.Descendants(ns + "polyline"));
        var curve = report.Ced.Curve();
        Assert.Equal(curve.Count, polyline.Attribute("points")!.Value.Split(' ').Length);
    }

    [Fact]
    public void CedPlotLayoutMapsAxisCornersToThePlotArea()
    {
        var ced = new CumulativeErrorDistribution([0.01, 0.05, 0.2], 0.10);
        var plot = CedPlot.Build([("a", ced)]);
        var layout = new PlotLayout(640, 480);

        Assert.Equal((layout.AreaLeft, layout.AreaTop + layout.AreaHeight), layout.ToCanvas(plot, 0, 0));
        Assert.Equal((layout.AreaLeft + layout.AreaWidth, layout.AreaTop), layout.ToCanvas(plot, 10, 1));
        // The last curve point is (10 %, 2/3).
        var last = plot.Series[0].Points[^1];
        Assert.Equal(10, last.X, 12);
        Assert.Equal(2.0 / 3, last.Y, 12);
    }
}
