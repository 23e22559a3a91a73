using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Training.Data;
using FaceAlign3D.Training.Losses;
using static TorchSharp.torch;

namespace FaceAlign3D.Training.Tests.Data;

public sealed class MultiViewReaderTests : IDisposable
{
    readonly MultiViewSet _set = new(groups: 3);

    public void Dispose() => _set.Dispose();

    [Fact]
    public void Groups_keep_their_views_in_order_with_K_R_t_cameras_and_68_labels()
    {
        var scan = MultiViewReader.Read(_set.Folder);
        Assert.Empty(scan.Skipped);
        Assert.Equal(["g000", "g001", "g002"], scan.Groups.Select(g => g.Id));
        var group = scan.Groups[1];
        Assert.True(group.Calibrated);
        Assert.Equal(["g001_v0.png", "g001_v1.png", "g001_v2.png"], group.Views.Select(v => v.Face.Id));
        for (int v = 0; v < 3; v++)
        {
            var camera = group.Views[v].Camera!;
            for (int k = 0; k < 68; k += 11)
            {
                var p = MultiViewSet.Point(1, k);
                double sx = camera[0] * p.X + camera[1] * p.Y + camera[2] * p.Z + camera[3];
                double sy = camera[4] * p.X + camera[5] * p.Y + camera[6] * p.Z + camera[7];
                double s = camera[8] * p.X + camera[9] * p.Y + camera[10] * p.Z + camera[11];
                var expected = MultiViewSet.Project(v, p);
                Assert.Equal(expected.X, sx / s, 6);
                Assert.Equal(expected.Y, sy / s, 6);
                Assert.Equal(expected.X, group.Views[v].Face.Landmarks[2 * k], 3);
            }
        }
    }

    [Fact]
    public void Crop_cameras_project_into_the_crop_labels_and_the_labels_are_consistent_across_views()
    {
        var group = MultiViewReader.Read(_set.Folder).Groups[0];
        var crops = group.Views.Select(v => TrainingCrop.Render(v.Face, Augmentation.None, new Random(0))).ToArray();
        var cameras = group.Views.Select(v => TrainingCrop.CropCamera(v.Face, v.Camera!)).ToArray();
        for (int v = 0; v < 3; v++)
            for (int k = 0; k < 68; k++)
            {
                var p = MultiViewSet.Point(0, k);
                var c = cameras[v];
                double s = c[8] * p.X + c[9] * p.Y + c[10] * p.Z + c[11];
                Assert.Equal(crops[v].Landmarks[2 * k], (c[0] * p.X + c[1] * p.Y + c[2] * p.Z + c[3]) / s, 3);
                Assert.Equal(crops[v].Landmarks[2 * k + 1], (c[4] * p.X + c[5] * p.Y + c[6] * p.Z + c[7]) / s, 3);
            }
        using var scope = NewDisposeScope();
        var labels = tensor(crops.SelectMany(c => c.Landmarks.Select(x => (double)x)).ToArray()).view(3, 68, 2);
        var projections = tensor(cameras.SelectMany(c => c).ToArray()).view(3, 3, 4);
        double error = MultiViewConsistencyLoss.Forward(labels, projections, [0, 1], [2]).item<double>();
        Assert.InRange(error, 0, 1e-3);
        // A label moved by 2 px in the target view shows up in the consistency error (L1 of x + y over 68 points).
        labels[2, 5, 0] += 2;
        double moved = MultiViewConsistencyLoss.Forward(labels, projections, [0, 1], [2]).item<double>();
        Assert.Equal(2.0 / 68, moved, 3);
    }

    [Fact]
    public void Bad_views_files_missing_images_and_lone_views_are_named_and_skipped()
    {
        File.WriteAllText(Path.Combine(_set.Folder, "views", "g001.json"), "{\"views\": [");
        File.Delete(Path.Combine(_set.Folder, "images", "g002_v0.png"));
        File.Delete(Path.Combine(_set.Folder, "images", "g002_v1.png"));
        var scan = MultiViewReader.Read(_set.Folder);
        var group = Assert.Single(scan.Groups);
        Assert.Equal("g000", group.Id);
        Assert.Equal(3, scan.Skipped.Count(s => s.Reason.Contains("g001.json", StringComparison.Ordinal)));
        Assert.Contains(scan.Skipped, s => s.Item == "g002_v0.png" && s.Reason.Contains("missing image", StringComparison.Ordinal));
        Assert.Contains(scan.Skipped, s => s.Item == "g002" && s.Reason.Contains("at least 2", StringComparison.Ordinal));
    }

    [Fact]
    public void Unlabeled_views_take_a_roi_box_and_carry_no_labels()
    {
        _set.WriteAnnotations(Enumerable.Range(0, 3).Select(v =>
            $$$"""{"image": "g000_v{{{v}}}.png", "roi_box": [10, 20, 110, 120], "recipe": {"group": "g000", "views_file": "views/g000.json", "view": {{{v}}} }}""")
            .Append("""{"image": "g001_v0.png", "recipe": {"group": "g001", "view": 0}}"""));
        var scan = MultiViewReader.Read(_set.Folder);
        var group = Assert.Single(scan.Groups);
        Assert.True(group.Calibrated);
        Assert.All(group.Views, v => Assert.Equal(new FaceAlign3D.Detection.BoundingBox(10, 20, 110, 120), v.Face.Roi));
        var crop = TrainingCrop.Render(group.Views[0].Face, Augmentation.None, new Random(0));
        Assert.All(crop.Visibility, v => Assert.Equal(0, v));
        Assert.Contains(scan.Skipped, s => s.Item == "g001_v0.png" && s.Reason.Contains("roi_box", StringComparison.Ordinal));
    }

    [Fact]
    public void A_views_file_with_3x4_P_matrices_gives_those_cameras()
    {
        // The layout `facealign synth multiview-clip` writes: affine cameras, last row 0 0 0 1.
        string rows(int v) => $"[[{v + 1}, 0, 0.5, 10], [0, 2, 0, {20 + v}], [0, 0, 0, 1]]";
        File.WriteAllText(Path.Combine(_set.Folder, "views", "g000.json"),
            $$$"""{"views": [{"P": {{{rows(0)}}} }, {"P": {{{rows(1)}}} }, {"P": {{{rows(2)}}} }]}""");
        var group = MultiViewReader.Read(_set.Folder).Groups[0];
        Assert.True(group.Calibrated);
        for (int v = 0; v < 3; v++)
            Assert.Equal([v + 1, 0, 0.5, 10, 0, 2, 0, 20 + v, 0, 0, 0, 1], group.Views[v].Camera!);
        File.WriteAllText(Path.Combine(_set.Folder, "views", "g000.json"), """{"views": [{"P": [[1, 2, 3]]}]}""");
        var scan = MultiViewReader.Read(_set.Folder);
        Assert.DoesNotContain(scan.Groups, g => g.Id == "g000");
        Assert.Contains(scan.Skipped, s => s.Item == "g000_v0.png" && s.Reason.Contains("P is not 3 x 4", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_annotations_file_is_an_error_naming_it()
    {
        File.Delete(Path.Combine(_set.Folder, "annotations.json"));
        var e = Assert.Throws<EvaluationDataException>(() => MultiViewReader.Read(_set.Folder));
        Assert.Contains("annotations.json", e.Message);
    }
}
