using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Evaluation.Metrics;
using FaceAlign3D.Pipeline;

namespace FaceAlign3D.Tests.Pipeline;

/// <summary>`synth --folds` leaves out the fold a training config holds out: face i of the .pts tree in path order is in fold i % folds.</summary>
public sealed class SynthesisSourcesFoldTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("facealign-synth-folds-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A .pts of 68 points at x = <paramref name="x"/> and an (undecoded) image beside it.</summary>
    private void Face(string relative, double x, string extension = ".jpg")
    {
        string pts = Path.Combine(_dir, relative + ".pts");
        Directory.CreateDirectory(Path.GetDirectoryName(pts)!);
        IbugPts.Write(pts, new LandmarkSet([.. Enumerable.Range(0, 68).SelectMany(k => new[] { x, k + 1.0 })], 2));
        File.WriteAllBytes(Path.ChangeExtension(pts, extension), [0]);
    }

    [Fact]
    public void Every_fifth_face_in_path_order_from_the_held_out_one_is_left_out()
    {
        // Written out of order, across two folders; x of each face is its place in ordinal path order.
        Face("helen/b", 5);
        Face("afw/2", 1);
        Face("afw/10", 0, ".png");
        Face("helen/a", 4);
        Face("afw/3", 2);
        Face("afw/z", 3);
        Face("helen/c", 6);
        string[] order = ["afw/10.png", "afw/2.jpg", "afw/3.jpg", "afw/z.jpg", "helen/a.jpg", "helen/b.jpg", "helen/c.jpg"];

        var kept = SynthesisSources.ReadOutsideFold(_dir, 5, 0);
        Assert.Equal(order.Where((_, i) => i % 5 != 0).Select(p => Path.Combine(_dir, p)), kept.Select(s => s.ImagePath));
        Assert.Equal([1.0, 2, 3, 4, 6], kept.Select(s => s.Faces![0][0].X));
        Assert.Equal(order.Where((_, i) => i % 5 != 2).Select(p => Path.Combine(_dir, p)), SynthesisSources.ReadOutsideFold(_dir, 5, 2).Select(s => s.ImagePath));
    }

    [Fact]
    public void A_face_the_training_reader_would_skip_stops_the_read()
    {
        Face("a", 0);
        File.WriteAllText(Path.Combine(_dir, "b.pts"), "version: 1\nn_points: 1\n{\n1 2\n}\n");
        File.WriteAllBytes(Path.Combine(_dir, "b.jpg"), [0]);
        Assert.Contains("68", Assert.Throws<InvalidDataException>(() => SynthesisSources.ReadOutsideFold(_dir, 5, 0)).Message);
        File.Delete(Path.Combine(_dir, "b.jpg"));
        Assert.Contains("no image", Assert.Throws<InvalidDataException>(() => SynthesisSources.ReadOutsideFold(_dir, 5, 0)).Message);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(5, 5)]
    [InlineData(5, -1)]
    public void Bad_folds_are_refused(int folds, int holdout)
    {
        Face("a", 0);
        Assert.Throws<ArgumentException>(() => SynthesisSources.ReadOutsideFold(_dir, folds, holdout));
    }
}
