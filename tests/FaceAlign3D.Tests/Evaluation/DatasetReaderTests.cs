using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Evaluation.Metrics;

namespace FaceAlign3D.Tests.Evaluation;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public sealed class DatasetReaderTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("fa3d-eval-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public void ReadsIbugPtsFixtureAsZeroBasedPixels()
    {
        var landmarks = IbugPts.Read(SharedData.PathOf("data", "fixtures", "lfpw_eos", "image_0010.pts"));
        Assert.Equal(68, landmarks.Count);
        // The file's first line is "611.284152 272.773913" in 1-based pixels.
        Assert.Equal(610.284152, landmarks[0, 0], 9);
        Assert.Equal(271.773913, landmarks[0, 1], 9);

        var raw = IbugPts.Read(SharedData.PathOf("data", "fixtures", "lfpw_eos", "image_0010.pts"), oneBased: false);
        Assert.Equal(611.284152, raw[0, 0], 9);
    }

    [Fact]
    public void PtsWriteThenReadRoundTrips()
    {
        var original = new LandmarkSet([0.125, 7, 99.5, 3.25, 1e-3, 480], 2);
        string path = Path.Combine(_temp, "a.pts");
        IbugPts.Write(path, original);
        var back = IbugPts.Read(path);
        // Exact apart from the rounding of the +1 / -1 shift.
        for (int i = 0; i < 6; i++) Assert.Equal(original.Coordinates[i], back.Coordinates[i], 1e-12);
        Assert.StartsWith("version: 1\nn_points: 3\n{\n1.125 8\n", File.ReadAllText(path));
    }

    [Theory]
    [InlineData("version: 1\nn_points: 2\n{\n1 2\n}\n", "1 points found, n_points says 2")]
    [InlineData("version: 1\nn_points: 1\n{\n1 x\n}\n", "line 4")]
    [InlineData("version: 1\n{\n1 2\n}\n", "no n_points")]
    [InlineData("version: 1\nn_points: 1\n{\n1 2\n", "no \"}\"")]
    [InlineData("version: 1\nn_points: -4\n{\n}\n", "bad n_points")]
    public void MalformedPtsNamesFileAndReason(string text, string reason)
    {
        var e = Assert.Throws<EvaluationDataException>(() => IbugPts.Parse(text, "bad.pts"));
        Assert.Equal("bad.pts", e.FileName);
        Assert.Contains(reason, e.Message);
    }

    [Theory]
    [InlineData("300w/test_300w.json", 2, 68)]
    [InlineData("wflw/test_wflw.json", 4, 98)]
    [InlineData("cofw/test_cofw.json", 2, 29)]
    [InlineData("aflw/test_aflw.json", 2, 19)]
    [InlineData("lapa/test_lapa.json", 2, 106)]
    [InlineData("300vw/anno_300vw.json", 3, 68)]
    [InlineData("300wlp/test_300wlp.json", 2, 68)]
    public void ReadsMmposeCocoFixtures(string file, int faces, int points)
    {
        var coco = CocoKeypoints.Load(SharedData.PathOf("data", "fixtures", "mmpose", file));
        Assert.Empty(coco.Issues);
        Assert.Equal(faces, coco.Faces.Count);
        Assert.All(coco.Faces, f =>
        {
            Assert.Equal(points, f.Landmarks.Count);
            Assert.Equal(points, f.Visibility.Count);
            Assert.True(f.Landmarks.IsFinite());
        });
    }

    [Fact]
    public void Coco300vwAgreesWithItsPtsFiles()
    {
        // The 300-VW fixture carries both: the COCO JSON and the .pts of the same frames.
        var coco = CocoKeypoints.Load(SharedData.PathOf("data", "fixtures", "mmpose", "300vw", "anno_300vw.json"));
        var face = coco.Faces.Single(f => f.ImageFile == "001/imgs/000006.jpg");
        var pts = IbugPts.Read(SharedData.PathOf("data", "fixtures", "mmpose", "300vw", "001", "annot", "000006.pts"), oneBased: false);
        Assert.Equal(pts.Coordinates.ToArray(), face.Landmarks.Coordinates.ToArray());
    }

    [Fact]
    public void MalformedCocoAnnotationsAreReportedAndSkipped()
    {
        string path = Path.Combine(_temp, "coco.json");
        File.WriteAllText(path, """
            {"images": [{"id": 1, "file_name": "a.jpg", "width": 10, "height": 10}, {"file_name": "noid.jpg"}],
             "annotations": [
               {"id": 5, "image_id": 1, "keypoints": [1, 2, 2, 3, 4, 2]},
               {"id": 6, "image_id": 1, "keypoints": [1, 2]},
               {"id": 7, "image_id": 9, "keypoints": [1, 2, 2]},
               {"id": 8, "image_id": 1, "keypoints": [1, "x", 2]}
             ]}
            """);
        var coco = CocoKeypoints.Load(path);
        Assert.Single(coco.Faces);
        Assert.Equal(4, coco.Issues.Count);
        Assert.Contains(coco.Issues, i => i.Item == "images[1]");
        Assert.Contains(coco.Issues, i => i.Item == "a.jpg (annotation 6)");
        Assert.Contains(coco.Issues, i => i.Item == "annotation 7" && i.Reason.Contains("image_id 9"));
        Assert.Contains(coco.Issues, i => i.Item == "a.jpg (annotation 8)" && i.Reason.Contains("value 1 is not a finite number"));
    }

    [Fact]
    public void CocoIdsAndSizesThatAreNotNumbersAreReportedNotThrown()
    {
        string path = Path.Combine(_temp, "coco-strings.json");
        File.WriteAllText(path, """
            {"images": [{"id": "1", "file_name": "a.jpg"}, {"id": 2, "file_name": "b.jpg", "width": "10", "height": null}],
             "annotations": [
               {"id": "x", "image_id": 2, "keypoints": [1, 2, 2]},
               {"id": 9, "image_id": "2", "keypoints": [1, 2, 2]}
             ]}
            """);
        var coco = CocoKeypoints.Load(path);
        var face = Assert.Single(coco.Faces);
        Assert.Equal((-1L, 0, 0), (face.AnnotationId, face.ImageWidth, face.ImageHeight));
        Assert.Contains(coco.Issues, i => i.Item == "images[0]");
        Assert.Contains(coco.Issues, i => i.Item == "annotation 9" && i.Reason.Contains("image_id"));
    }

    [Fact]
    public void PredictionSizesThatAreNotNumbersCountAsUnknown()
    {
        string path = Path.Combine(_temp, "sizes.json");
        File.WriteAllText(path, """{"image": "a.jpg", "width": "450", "height": true, "faces": [{"landmarks": [[1, 2], [3, 4]]}]}""");
        var image = PredictionSet.Load(path).Find("a.jpg", out _)!;
        Assert.Equal((0, 0), (image.Width, image.Height));
    }

    [Fact]
    public void NonJsonFileIsATypedError()
    {
        string path = Path.Combine(_temp, "broken.json");
        File.WriteAllText(path, "{\"images\": [");
        var e = Assert.Throws<EvaluationDataException>(() => CocoKeypoints.Load(path));
        Assert.Equal(path, e.FileName);
        Assert.Throws<EvaluationDataException>(() => CocoKeypoints.Load(Path.Combine(_temp, "absent.json")));
    }

    [Fact]
    public void ReadsAlignOutputFolderAndReportsBadFilesByName()
    {
        File.WriteAllText(Path.Combine(_temp, "one.json"), AlignOutput("one.jpg", "[[1, 2, 3], [4, 5, 6]]"));
        File.WriteAllText(Path.Combine(_temp, "two.json"), AlignOutput("sub/two.jpg", "[[1, 2, 3], [4, 5]]"));
        File.WriteAllText(Path.Combine(_temp, "three.json"), "not json");
        File.WriteAllText(Path.Combine(_temp, "four.json"), "{\"something\": 1}");

        var set = PredictionSet.Load(_temp);

        Assert.Equal(2, set.Count);
        var one = set.Find("images/one.jpg", out _)!;
        Assert.Equal(450, one.Width);
        var face = Assert.Single(one.Faces);
        Assert.Equal(3, face.Landmarks.Dimension);
        Assert.Equal(10, face.Pose!.Value.Yaw * 180 / Math.PI, 9);
        Assert.Equal([1.0, 0, 0, 0, 1, 0, 0, 0, 1], face.Rotation);
        Assert.Equal([10.0, 20, 110, 140], face.Box);

        Assert.Empty(set.Find("two.jpg", out _)!.Faces);
        Assert.Null(set.Find("absent.jpg", out var problem));
        Assert.Equal("no prediction for this image", problem);
        Assert.Contains(set.Issues, i => i.Item == "sub/two.jpg face 0" && i.Reason.Contains("landmark 1 has 2 coordinates"));
        Assert.Contains(set.Issues, i => i.Item == "three.json" && i.Reason.Contains("not valid JSON"));
        Assert.Contains(set.Issues, i => i.Item == "four.json");
    }

    [Fact]
    public void PerImageMapNamesTheRejectedEntry()
    {
        string path = Path.Combine(_temp, "preds.json");
        File.WriteAllText(path, """
            {"predictions": {"a.jpg": {"landmarks": [[1, 2], [3, 4]]}, "b.jpg": {"landmarks": [[1, 2], [3, null]]}}}
            """);
        var set = PredictionSet.Load(path);
        Assert.NotNull(set.Find("a.jpg", out _));
        Assert.Null(set.Find("b.jpg", out var problem));
        Assert.Contains("coordinate 1 of landmark 1 is not a finite number", problem);
    }

    private static string AlignOutput(string image, string landmarks) => $$"""
        {"image": "{{image}}", "width": 450, "height": 450, "faces": [{"box": [10, 20, 110, 140], "score": 0.9,
         "roi_box": [0, 0, 1, 1], "landmarks68": {{landmarks}},
         "pose": {"yaw": 10, "pitch": -5, "roll": 2, "rotation": [[1, 0, 0], [0, 1, 0], [0, 0, 1]]}, "params62": []}]}
        """;
}
