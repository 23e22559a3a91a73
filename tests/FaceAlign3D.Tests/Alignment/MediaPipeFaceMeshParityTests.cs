using System.Numerics;
using FaceAlign3D.Alignment;
using FaceAlign3D.Imaging.Codecs;
using Xunit.Abstractions;

namespace FaceAlign3D.Tests.Alignment;

/// <summary>
/// BlazeFace + face mesh on our engine against MediaPipe's own web solution on the sample photos
/// (generated/mediapipe_face_mesh_reference.json): same number of faces, faces matched by landmark-box overlap,
/// mean landmark distance (x, y) and mean z difference per face under 1.5 px, and the face geometry pose close to MediaPipe's.
/// </summary>
[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class MediaPipeFaceMeshParityTests(ITestOutputHelper output)
{
    private const double MaxMeanErrorPixels = 1.5;
    private const double MaxRotationErrorDegrees = 1.0;

    public static IEnumerable<object[]> Images() => MediaPipeReference.Images.Select(i => new object[] { i.Name });

    [Theory]
    [MemberData(nameof(Images))]
    public void Detection_and_landmarks_match_mediapipe(string imageName)
    {
        var reference = MediaPipeReference.Image(imageName);
        var image = ImageDecoder.Load(SharedData.PathOf("data", "samples", imageName));
        var aligner = MediaPipeModels.Aligner;
        var ours = MediaPipeModels.Detector.Detect(image).Select(f => aligner.Align(image, f)).ToList();
        Assert.Equal(reference.Faces.Length, ours.Count);
        foreach (var face in reference.Faces)
        {
            var match = ours.MaxBy(a => MediaPipeReference.Box(a.Landmarks2D).IntersectionOverUnion(face.Box))!;
            Assert.True(MediaPipeReference.Box(match.Landmarks2D).IntersectionOverUnion(face.Box) > 0.5, $"{imageName}: no face of ours overlaps the reference face at {face.Box}");
            double mean = MeanDistance(face.Landmarks2D, match.Landmarks2D);
            double depth = face.Landmarks.Select((p, i) => (double)Math.Abs(p.Z - match.Landmarks3D[i].Z)).Average();
            double rotation = RotationDifferenceDegrees(face.PoseTransform, match.Parameters.Select(v => (double)v).ToArray());
            output.WriteLine($"{imageName} face {face.Box} ({face.Box.Width:0} px wide): mean landmark error {mean:0.000} px, mean z error {depth:0.000} px, pose rotation difference {rotation:0.00} deg, presence {match.Confidence:0.000}");
            Assert.True(mean < MaxMeanErrorPixels, $"{imageName}: mean landmark error {mean:0.000} px");
            Assert.True(depth < MaxMeanErrorPixels, $"{imageName}: mean z error {depth:0.000} px");
            Assert.True(match.Confidence > 0.5f, $"{imageName}: face presence {match.Confidence}");
            Assert.True(rotation < MaxRotationErrorDegrees, $"{imageName}: pose rotation differs by {rotation:0.00} deg");
        }
    }

    [Fact]
    public void Face_geometry_from_mediapipe_landmarks_reproduces_its_pose_transform()
    {
        var geometry = new FaceAlign3D.Morphable.MediaPipeFaceGeometry(MediaPipeModels.Canonical);
        foreach (var image in MediaPipeReference.Images)
            foreach (var face in image.Faces)
            {
                var pose = geometry.Estimate(face.Landmarks, image.Width, image.Height);
                for (int i = 0; i < 16; i++)
                    Assert.True(Math.Abs(pose.Transform[i] - face.PoseTransform[i]) < (i % 4 == 3 ? 0.05 : 2e-3),
                        $"{image.Name}: transform[{i / 4},{i % 4}] = {pose.Transform[i]:0.00000}, MediaPipe {face.PoseTransform[i]:0.00000}");
            }
    }

    [Fact]
    public void Tracking_from_mediapipe_landmarks_lands_on_the_same_face()
    {
        // On a still image, a crop from the previous landmarks and one from the detection see nearly the same face.
        var reference = MediaPipeReference.Image("trump_hillary.jpg");
        var image = ImageDecoder.Load(SharedData.PathOf("data", "samples", reference.Name));
        foreach (var face in reference.Faces)
        {
            var tracked = MediaPipeModels.Aligner.Align(image, face.Landmarks2D);
            double mean = MeanDistance(face.Landmarks2D, tracked.Landmarks2D);
            output.WriteLine($"tracked face {face.Box}: mean difference {mean:0.000} px");
            Assert.True(mean < 0.02 * face.Box.Width, $"tracking moved the landmarks by {mean:0.00} px on average");
            Assert.True(tracked.Confidence > 0.9f);
        }
    }

    private static double MeanDistance(IReadOnlyList<Vector2> a, IReadOnlyList<Vector2> b) =>
        a.Select((p, i) => (double)Vector2.Distance(p, b[i])).Average();

    /// <summary>The angle of R1^T R2 for the rotation parts of two 4x4 similarity transforms.</summary>
    private static double RotationDifferenceDegrees(double[] t1, double[] t2)
    {
        double Scale(double[] t) => Math.Sqrt(t[0] * t[0] + t[4] * t[4] + t[8] * t[8]);
        double s1 = Scale(t1), s2 = Scale(t2), trace = 0;
        for (int i = 0; i < 3; i++)
            for (int k = 0; k < 3; k++)
                trace += t1[4 * k + i] * t2[4 * k + i] / (s1 * s2);
        return Math.Acos(Math.Clamp((trace - 1) / 2, -1, 1)) * 180 / Math.PI;
    }
}
