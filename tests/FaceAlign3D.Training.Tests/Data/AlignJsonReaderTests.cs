using System.Globalization;
using System.Numerics;
using FaceAlign3D.Alignment;
using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Training.Data;

namespace FaceAlign3D.Training.Tests.Data;

/// <summary>Align JSON in the layout `facealign align` writes (docs/align-output.md), beside or apart from its images.</summary>
public sealed class AlignJsonReaderTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("facealign3d-align-reader-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Landmark k of face f on a 9-column grid, the second face 100 px to the right.</summary>
    static (double X, double Y) Point(int face, int k) => (20 + 100 * face + k % 9 * 8, 30 + k / 9 * 8);

    static string Face(int face, int points = 68)
    {
        var rows = Enumerable.Range(0, points).Select(k => string.Create(CultureInfo.InvariantCulture, $"[{Point(face, k).X}, {Point(face, k).Y}, {k}]"));
        return $$"""{"box": [0, 0, 90, 90], "score": 0.9, "landmarks68": [{{string.Join(", ", rows)}}]}""";
    }

    void WriteJson(string file, string image, params string[] faces) =>
        File.WriteAllText(Path.Combine(_folder, file),
            $$"""{"schema_version": 1, "image": "{{image}}", "width": 200, "height": 120, "detector": "faceboxes", "aligner": "tddfa", "faces": [{{string.Join(", ", faces)}}]}""");

    static void WriteImage(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        ImageEncoder.SavePng(new Image(200, 120, PixelFormat.Rgb8), path);
    }

    [Fact]
    public void Every_face_becomes_68_visible_labels_with_the_roi_from_its_landmarks()
    {
        WriteImage(Path.Combine(_folder, "two.png"));
        WriteJson("two.json", "two.png", Face(0), Face(1));
        var scan = AlignJsonReader.Read(_folder);
        Assert.Empty(scan.Skipped);
        Assert.Equal(["two.png#0", "two.png#1"], scan.Faces.Select(f => f.Id));
        foreach (var (face, f) in scan.Faces.Select((face, f) => (face, f)))
        {
            Assert.Equal(Path.Combine(_folder, "two.png"), face.ImagePath);
            Assert.Equal(LandmarkLayout.Ibug68, face.Layout);
            Assert.Null(face.Params);
            Assert.Equal(Point(f, 40).X, face.Landmarks[80]);
            Assert.Equal(Point(f, 40).Y, face.Landmarks[81]);
            var expected = TddfaRoi.FromLandmarks([.. Enumerable.Range(0, 68).Select(k => new Vector2((float)Point(f, k).X, (float)Point(f, k).Y))]);
            Assert.Equal(expected, face.Roi);
            Assert.All(TrainingCrop.Render(face, Augmentation.None, new Random(1)).Visibility, v => Assert.Equal(1, v));
        }
    }

    [Fact]
    public void Images_are_found_in_the_given_folder_and_a_single_file_reads_alone()
    {
        WriteImage(Path.Combine(_folder, "photos", "one.png"));
        WriteJson("one.json", "one.png", Face(0));
        WriteJson("other.json", "other.png", Face(0));
        var scan = AlignJsonReader.Read(Path.Combine(_folder, "one.json"), Path.Combine(_folder, "photos"));
        Assert.Empty(scan.Skipped);
        Assert.Equal(Path.Combine(_folder, "photos", "one.png"), Assert.Single(scan.Faces).ImagePath);
    }

    [Fact]
    public void Corrupt_files_faces_without_68_points_and_missing_images_are_skipped_and_named()
    {
        WriteImage(Path.Combine(_folder, "good.png"));
        WriteJson("good.json", "good.png", Face(0), Face(1, points: 21));
        WriteJson("lost.json", "lost.png", Face(0));
        File.WriteAllText(Path.Combine(_folder, "corrupt.json"), "{\"image\": \"good.png\", \"faces\": [");
        File.WriteAllText(Path.Combine(_folder, "other.json"), "{\"model\": \"not an align output\"}");
        var scan = AlignJsonReader.Read(_folder);
        Assert.Equal("good.png#0", Assert.Single(scan.Faces).Id);
        Assert.Equal(["corrupt.json", "good.png face 1", "lost.png", "other.json"], scan.Skipped.Select(s => s.Item).Order(StringComparer.Ordinal));
        Assert.Contains("21 points", scan.Skipped.Single(s => s.Item == "good.png face 1").Reason);
        Assert.Contains("missing image", scan.Skipped.Single(s => s.Item == "lost.png").Reason);
    }

    [Fact]
    public void A_missing_path_or_a_corrupt_single_file_is_an_error_naming_it()
    {
        string missing = Path.Combine(_folder, "nothing.json");
        Assert.Contains(missing, Assert.Throws<FileNotFoundException>(() => AlignJsonReader.Read(missing)).Message);
        string corrupt = Path.Combine(_folder, "corrupt.json");
        File.WriteAllText(corrupt, "[{\"image\": ");
        Assert.Contains("corrupt.json", Assert.Throws<EvaluationDataException>(() => AlignJsonReader.Read(corrupt)).Message);
    }
}
