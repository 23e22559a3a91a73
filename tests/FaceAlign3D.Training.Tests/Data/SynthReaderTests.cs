using System.Globalization;
using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Training.Data;

namespace FaceAlign3D.Training.Tests.Data;

/// <summary>
/// A minimal synthesis output: one 240x240 image whose red and green values are the pixel's x and y, and an
/// annotations.json in the layout `facealign synth` writes, so every crop pixel tells where it came from.
/// </summary>
public sealed class SynthReaderTests : IDisposable
{
    readonly string _folder = Path.Combine(Path.GetTempPath(), $"facealign3d-synth-reader-{Guid.NewGuid():N}");

    public SynthReaderTests() => Directory.CreateDirectory(Path.Combine(_folder, "images"));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Landmark k on a 9-column grid: x from 60 to 140, y from 70 to 140 (z varies and must be ignored).</summary>
    static (double X, double Y, double Z) Point(int k) => (60 + k % 9 * 10, 70 + k / 9 * 10, k - 30);

    static string Sample(string image, int points = 68)
    {
        var rows = Enumerable.Range(0, points).Select(k => string.Create(CultureInfo.InvariantCulture, $"[{Point(k).X}, {Point(k).Y}, {Point(k).Z}]"));
        return $$$"""{"image": "{{{image}}}", "landmarks68_3d": [{{{string.Join(", ", rows)}}}], "pose_radians": {"pitch": 0.1, "yaw": -0.4, "roll": 0}}""";
    }

    void Write(params string[] samples)
    {
        File.WriteAllText(Path.Combine(_folder, "annotations.json"), $$"""{"dataset": "facealign synth profile", "samples": [{{string.Join(", ", samples)}}]}""");
        var image = new Image(240, 240, PixelFormat.Rgb8);
        for (int y = 0; y < 240; y++)
        {
            var row = image.Row(y);
            for (int x = 0; x < 240; x++) { row[3 * x] = (byte)x; row[3 * x + 1] = (byte)y; }
        }
        ImageEncoder.SavePng(image, Path.Combine(_folder, "images", "000000.png"));
    }

    [Fact]
    public void Reads_68_visible_image_landmarks_with_the_roi_from_landmarks_and_crops_that_match_them()
    {
        Write(Sample("000000.png"));
        var scan = SynthReader.Read(_folder);
        Assert.Empty(scan.Skipped);
        var face = Assert.Single(scan.Faces);
        Assert.Equal(Path.Combine(_folder, "images", "000000.png"), face.ImagePath);
        Assert.Null(face.Params);
        Assert.Equal(68, face.PointCount);
        Assert.Equal(Point(40).X, face.Landmarks[80]);
        Assert.Equal(Point(40).Y, face.Landmarks[81]);

        // Box [60, 70, 140, 140]: centre (100, 105), square side 80 grown to its diagonal 80 sqrt 2.
        double half = 40 * Math.Sqrt(2);
        Assert.Equal(100 - half, face.Roi.X1, 4);
        Assert.Equal(105 - half, face.Roi.Y1, 4);
        Assert.Equal(100 + half, face.Roi.X2, 4);
        Assert.Equal(105 + half, face.Roi.Y2, 4);

        var example = TrainingCrop.Render(face, Augmentation.None, new Random(1));
        Assert.All(example.Visibility, v => Assert.Equal(1, v));
        const int plane = TrainingCrop.Size * TrainingCrop.Size;
        for (int k = 0; k < 68; k++)
        {
            int cx = (int)Math.Round(example.Landmarks[2 * k]), cy = (int)Math.Round(example.Landmarks[2 * k + 1]);
            Assert.InRange(cx, 0, TrainingCrop.Size - 1);
            Assert.InRange(cy, 0, TrainingCrop.Size - 1);
            // BGR planes, (v - 127.5) / 128: red is the source x, green the source y.
            double red = example.Image[2 * plane + cy * TrainingCrop.Size + cx] * 128 + 127.5;
            double green = example.Image[plane + cy * TrainingCrop.Size + cx] * 128 + 127.5;
            Assert.InRange(red, Point(k).X - 1.5, Point(k).X + 1.5);
            Assert.InRange(green, Point(k).Y - 1.5, Point(k).Y + 1.5);
        }
    }

    [Fact]
    public void Samples_with_a_missing_image_or_too_few_points_are_skipped_and_named()
    {
        Write(Sample("000000.png"), Sample("000001.png"), Sample("000002.png", points: 21));
        var scan = SynthReader.Read(_folder);
        Assert.Single(scan.Faces);
        Assert.Equal(["000001.png", "000002.png"], scan.Skipped.Select(s => s.Item).Order());
        Assert.Contains("missing image", scan.Skipped.Single(s => s.Item == "000001.png").Reason);
        Assert.Contains("68", scan.Skipped.Single(s => s.Item == "000002.png").Reason);
    }

    [Fact]
    public void A_missing_or_corrupt_annotations_file_is_an_error_naming_it()
    {
        var missing = Assert.Throws<EvaluationDataException>(() => SynthReader.Read(_folder));
        Assert.Contains("annotations.json", missing.Message);
        File.WriteAllText(Path.Combine(_folder, "annotations.json"), "{\"samples\": [");
        var corrupt = Assert.Throws<EvaluationDataException>(() => SynthReader.Read(_folder));
        Assert.Contains("not valid JSON", corrupt.Message);
    }
}
