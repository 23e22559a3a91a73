using System.Text.Json;
using FaceAlign3D.Pipeline;

namespace FaceAlign3D.Tests.Synthesis;

/// <summary>
/// The synthetic sets' pose_radians follow AFLW2000-3D's Pose_Para convention, which the evaluation reads. The
/// convention is pinned by the real annotations themselves: the nose tip's direction from the eye and mouth corners
/// in landmarks68_3d (image pixels, y down) goes up the image for positive pitch and left for positive yaw.
/// </summary>
public sealed class PoseConventionTests
{
    private const double Degree = Math.PI / 180;

    /// <summary>The nose tip minus the mean of the outer eye corners and mouth corners, image pixels.</summary>
    internal static (double Dx, double Dy) NoseDirection(JsonElement sample)
    {
        var l = sample.GetProperty("landmarks68_3d");
        int[] anchors = [36, 45, 48, 54];
        double x = anchors.Average(i => l[i][0].GetDouble()), y = anchors.Average(i => l[i][1].GetDouble());
        return (l[30][0].GetDouble() - x, l[30][1].GetDouble() - y);
    }

    /// <summary>Whether the sample's pitch and yaw signs agree with its landmarks, for angles beyond <paramref name="margin"/>.</summary>
    internal static void AssertSignsAgree(JsonElement sample, double margin = 10 * Degree)
    {
        var pose = sample.GetProperty("pose_radians");
        double pitch = pose.GetProperty("pitch").GetDouble(), yaw = pose.GetProperty("yaw").GetDouble();
        var (dx, dy) = NoseDirection(sample);
        string image = sample.GetProperty("image").GetString()!;
        if (Math.Abs(pitch) > margin)
            Assert.True(pitch > 0 == dy < 0, $"{image}: pitch {pitch / Degree:F1} deg but the nose points {(dy < 0 ? "up" : "down")}");
        if (Math.Abs(yaw) > margin)
            Assert.True(yaw > 0 == dx < 0, $"{image}: yaw {yaw / Degree:F1} deg but the nose points {(dx < 0 ? "left" : "right")}");
    }

    [Fact]
    public void Real_annotations_pin_the_convention()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedData.PathOf("data", "aflw2000-3d", "annotations.json")));
        var checkedSamples = doc.RootElement.GetProperty("samples").EnumerateArray().Where(s =>
        {
            var pose = s.GetProperty("pose_radians");
            return Math.Abs(pose.GetProperty("yaw").GetDouble()) < 30 * Degree && Math.Abs(pose.GetProperty("pitch").GetDouble()) is > 10 * Degree and < 60 * Degree;
        }).ToList();
        Assert.True(checkedSamples.Count > 100);
        foreach (var sample in checkedSamples)
            AssertSignsAgree(sample);
    }

    [Theory]
    [InlineData(30, 20)]
    [InlineData(-30, -20)]
    public void Profiled_annotations_follow_it(double yaw, double pitch)
    {
        var root = Directory.CreateTempSubdirectory("facealign-pose-test-").FullName;
        try
        {
            var run = ProfileDataset.Run(ProfileDatasetTests.Fitting(), ProfileDatasetTests.Bfm(), ProfileDatasetTests.Sources(), new ProfileSettings { Yaw = yaw, Pitch = pitch }, root);
            using var doc = JsonDocument.Parse(File.ReadAllText(run.Annotations));
            var sample = doc.RootElement.GetProperty("samples")[0];
            var pose = sample.GetProperty("pose_radians");
            Assert.True(Math.Abs(pose.GetProperty("pitch").GetDouble()) > 10 * Degree && Math.Abs(pose.GetProperty("yaw").GetDouble()) > 10 * Degree,
                "the turn is large enough for the sign check");
            AssertSignsAgree(sample);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
