using FaceAlign3D.Models;
using FaceAlign3D.Morphable.IctFaceKit;

namespace FaceAlign3D.Tests.Fitting;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public sealed class IctMediaPipeCorrespondenceTests
{
    private static IctMediaPipeCorrespondence Load()
    {
        string root = ModelStore.FindRepositoryRoot(AppContext.BaseDirectory) ?? throw new InvalidOperationException("repository root not found");
        return IctMediaPipeCorrespondence.Load(Path.Combine(root, "tools", "ict-mediapipe-correspondence", IctMediaPipeCorrespondence.FileName), IctTestModel.Value.VertexCount);
    }

    [Fact]
    public void Every_mediapipe_point_lies_on_a_face_triangle_close_to_the_aligned_canonical_mesh()
    {
        var model = IctTestModel.Value;
        var map = Load();
        Assert.Equal(468, map.Points.Count);
        var face = model.Regions["face"];
        foreach (var p in map.Points)
        {
            Assert.All(new[] { p.A, p.B, p.C }, v => Assert.InRange(v, face.First, face.Last));
            Assert.Equal(1, p.Wa + p.Wb + p.Wc, 1e-4);
        }
        // Alignment residual of the canonical mesh on the ICT surface after anchors + ICP: mean 1 mm, none over 0.5 cm.
        Assert.InRange(map.Points.Average(p => p.DistanceCm), 0, 0.15);
        Assert.InRange(map.Points.Max(p => p.DistanceCm), 0, 0.5);
    }

    [Fact]
    public void Mediapipe_anchor_points_land_near_the_matching_ict_landmarks()
    {
        var model = IctTestModel.Value;
        var points = Load().Evaluate(model.Neutral);
        // MediaPipe index -> Multi-PIE landmark of the same feature (nose tip, eye corners, mouth corners, chin).
        foreach (var (mp, pie) in new[] { (1, 30), (33, 36), (263, 45), (61, 48), (291, 54), (152, 8) })
        {
            int v = model.Landmarks68[pie];
            double dx = points[3 * mp] - model.Neutral[3 * v], dy = points[3 * mp + 1] - model.Neutral[3 * v + 1], dz = points[3 * mp + 2] - model.Neutral[3 * v + 2];
            Assert.True(Math.Sqrt(dx * dx + dy * dy + dz * dz) < 1.0, $"MediaPipe {mp} is {Math.Sqrt(dx * dx + dy * dy + dz * dz):0.00} cm from landmark {pie}");
        }
        // The left/right structure survives: MediaPipe's 263 (subject's left eye corner) has x > 0 like ICT's.
        Assert.True(points[3 * 263] > 0 && points[3 * 33] < 0);
    }

    [Fact]
    public void A_truncated_table_is_rejected_with_its_path()
    {
        string path = Path.Combine(Path.GetTempPath(), $"ict-mp-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "mediapipe,a,b,c,wa,wb,wc,distance_cm\n0,1,2,3,0.5,0.5,0,0.01\n");
        try
        {
            Assert.Contains(path, Assert.Throws<InvalidDataException>(() => IctMediaPipeCorrespondence.Load(path, 26719)).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
