using System.Globalization;
using System.Text;
using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Pipeline;

namespace FaceAlign3D.Tests.Fuzz;

/// <summary>The JSON readers' in-memory entry points (used by the fuzz targets) read what their file entry points read.</summary>
public sealed class InMemoryReaderTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("fa3d-inmemory-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    [Trait(TestNeeds.Trait, TestNeeds.Shared)]
    public void Aflw2000AnnotationsFromBytesMatchTheFile()
    {
        string file = SharedData.PathOf("data", "aflw2000-3d", "annotations.json");
        var fromFile = Aflw2000Dataset.Load(file);
        var fromBytes = Aflw2000Dataset.Load(File.ReadAllBytes(file), file);
        Assert.Equal(fromFile.Root, fromBytes.Root);
        Assert.Equal(fromFile.Samples.Count, fromBytes.Samples.Count);
        Assert.Equal(fromFile.Issues, fromBytes.Issues);
        Assert.All(fromFile.Samples.Zip(fromBytes.Samples), pair =>
        {
            Assert.Equal(pair.First.Image, pair.Second.Image);
            Assert.Equal(pair.First.Landmarks3D.Coordinates.ToArray(), pair.Second.Landmarks3D.Coordinates.ToArray());
        });
    }

    [Fact]
    [Trait(TestNeeds.Trait, TestNeeds.Shared)]
    public void CocoKeypointsFromBytesMatchTheFile()
    {
        string file = SharedData.PathOf("data", "fixtures", "mmpose", "wflw", "test_wflw.json");
        var fromFile = CocoKeypoints.Load(file);
        var fromBytes = CocoKeypoints.Load(File.ReadAllBytes(file), file);
        Assert.Equal(fromFile.Faces.Select(f => f.ImageFile), fromBytes.Faces.Select(f => f.ImageFile));
        Assert.Equal(fromFile.Faces.SelectMany(f => f.Landmarks.Coordinates.ToArray()), fromBytes.Faces.SelectMany(f => f.Landmarks.Coordinates.ToArray()));
    }

    [Fact]
    public void AlignJsonFromBytesMatchesTheFileForFitAndEvaluation()
    {
        string path = Path.Combine(_temp, "a.json");
        File.WriteAllText(path, AlignJson("a.png", offset: 3));
        var bytes = File.ReadAllBytes(path);

        var fit = FitInputs.ReadAlignJson(bytes, path);
        Assert.Equal(FitInputs.ReadAlignJson(path).Faces.Single(), fit.Faces.Single());
        Assert.Equal(("a.png", 640, 480), (fit.Image, fit.Width, fit.Height));

        var predictions = PredictionSet.Load(bytes, path).Images.Single();
        Assert.Equal(PredictionSet.Load(path).Images.Single().Faces.Single().Landmarks.Coordinates.ToArray(), predictions.Faces.Single().Landmarks.Coordinates.ToArray());
    }

    [Fact]
    public void ViewsFromBytesResolveAlignFilesBesideTheNamedPath()
    {
        File.WriteAllText(Path.Combine(_temp, "left.json"), AlignJson("left.png", offset: 0));
        File.WriteAllText(Path.Combine(_temp, "right.json"), AlignJson("right.png", offset: 5));
        const string camera = "\"K\":[[500,0,320],[0,500,240],[0,0,1]],\"R\":[[1,0,0],[0,1,0],[0,0,1]],\"t\":[0,0,50]";
        var json = Encoding.UTF8.GetBytes($"{{\"views\":[{{\"name\":\"l\",\"align\":\"left.json\",{camera}}},{{\"name\":\"r\",\"align\":\"right.json\",{camera}}}]}}");

        var views = FitInputs.ReadViews(json, Path.Combine(_temp, "views.json"));
        Assert.Equal(["l", "r"], views.Select(v => v.Name));
        Assert.Equal(5, views[1].Landmarks.Points[0].X - views[0].Landmarks.Points[0].X, 12);

        // Named elsewhere, the same bytes no longer find their align files: a typed error of the views file.
        var e = Assert.Throws<InvalidDataException>(() => FitInputs.ReadViews(json, Path.Combine(_temp, "missing", "views.json")));
        Assert.Contains("align cannot be read", e.Message);
    }

    [Fact]
    public void InvalidUtf8FromBytesIsATypedErrorNamingTheSource()
    {
        byte[] json = [.. "{\"images\":[{\"id\":1,\"file_name\":\""u8, 0xC3, 0x28, .. "\"}],\"annotations\":[]}"u8];
        var e = Assert.Throws<EvaluationDataException>(() => CocoKeypoints.Load(json, "coco.json"));
        Assert.Equal("coco.json", e.FileName);
        Assert.Contains("UTF-8", e.Message);
    }

    private static string AlignJson(string image, double offset)
    {
        var points = Enumerable.Range(0, 68).Select(k => string.Create(CultureInfo.InvariantCulture, $"[{100 + k + offset},{200 + k * 0.5}]"));
        return $"{{\"image\":\"{image}\",\"width\":640,\"height\":480,\"faces\":[{{\"landmarks68\":[{string.Join(",", points)}]}}]}}";
    }
}
