using FaceAlign3D.Detection;
using FaceAlign3D.Training.Data;

namespace FaceAlign3D.Training.Tests.Data;

public class DatasetScanTests
{
    [Fact]
    public void Holding_out_a_fold_drops_every_face_at_that_position_modulo_the_fold_count()
    {
        var faces = Enumerable.Range(0, 11).Select(i => new FaceRecord($"f{i}", $"f{i}.jpg", new BoundingBox(0, 0, 10, 10), new float[136], LandmarkLayout.Ibug68)).ToArray();
        var scan = new DatasetScan("set", faces, []);
        Assert.Equal(["f1", "f2", "f3", "f4", "f6", "f7", "f8", "f9"], scan.WithoutFold(5, 0).Faces.Select(f => f.Id));
        Assert.DoesNotContain(scan.WithoutFold(5, 3).Faces, f => f.Id is "f3" or "f8");
    }
}
