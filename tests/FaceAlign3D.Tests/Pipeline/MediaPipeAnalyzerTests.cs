using System.Numerics;
using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Pipeline;
using FaceAlign3D.Tests.Alignment;

namespace FaceAlign3D.Tests.Pipeline;

/// <summary>MediaPipe through the analyzer: factory choices, any detector with any aligner, the 468-point mesh.</summary>
[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public sealed class MediaPipeAnalyzerTests
{
    private static readonly Lazy<Image> Obama = new(() => PixelConversion.ToRgb8(ImageDecoder.Load(SharedData.PathOf("data", "samples", "obama_small.jpg"))));

    private static MediaPipeMeshAligner MeshAligner => new(MediaPipeModels.Aligner, MediaPipeModels.Canonical);

    [Fact]
    public void Every_kind_has_a_name_that_parses_back()
    {
        foreach (var kind in Enum.GetValues<DetectorKind>())
            Assert.Equal(kind, AnalyzerFactory.ParseDetector(AnalyzerFactory.Name(kind).ToUpperInvariant()));
        foreach (var kind in Enum.GetValues<AlignerKind>())
            Assert.Equal(kind, AnalyzerFactory.ParseAligner(AnalyzerFactory.Name(kind)));
        Assert.Equal("blazeface", AnalyzerFactory.Name(DetectorKind.BlazeFace));
        Assert.Equal("mediapipe", AnalyzerFactory.Name(AlignerKind.MediaPipe));
        Assert.Equal(DetectorKind.BlazeFace, AnalyzerFactory.DefaultDetector(AlignerKind.MediaPipe));
        Assert.Equal(DetectorKind.FaceBoxes, AnalyzerFactory.DefaultDetector(AlignerKind.Tddfa));
        var e = Assert.Throws<ArgumentException>(() => AnalyzerFactory.ParseAligner("dlib"));
        Assert.Contains("tddfa, mediapipe", e.Message);
    }

    [Fact]
    public void The_mesh_is_the_468_landmarks_with_the_canonical_triangles_facing_the_camera()
    {
        var image = Obama.Value;
        var aligner = MeshAligner;
        var alignment = aligner.Align(image, MediaPipeModels.Detector.Detect(image).Single());
        var mesh = aligner.Mesh(alignment);

        Assert.Equal(468, mesh.VertexCount);
        Assert.Equal(MediaPipeModels.Canonical.Triangles.Count, mesh.Triangles.Length);
        for (int i = 0; i < 468; i++)
            Assert.Equal(alignment.Landmarks3D[i], new Vector3(mesh.Positions[3 * i], mesh.Positions[3 * i + 1], mesh.Positions[3 * i + 2]));
        // Same triangles as the canonical face (as vertex sets), wound so that the overlay's front-face test keeps
        // nearly all of them on a frontal face.
        var canonical = MediaPipeModels.Canonical.Triangles;
        for (int t = 0; t < mesh.Triangles.Length; t += 3)
            Assert.Equal(new[] { canonical[t], canonical[t + 1], canonical[t + 2] }.Order(), new[] { mesh.Triangles[t], mesh.Triangles[t + 1], mesh.Triangles[t + 2] }.Order());
        int front = 0;
        for (int t = 0; t < mesh.Triangles.Length; t += 3)
        {
            var a = alignment.Landmarks3D[mesh.Triangles[t]];
            var b = alignment.Landmarks3D[mesh.Triangles[t + 1]];
            var c = alignment.Landmarks3D[mesh.Triangles[t + 2]];
            if ((b.X - a.X) * (c.Y - a.Y) - (b.Y - a.Y) * (c.X - a.X) > 0)
                front++;
        }
        Assert.True(front > 0.85 * mesh.Triangles.Length / 3, $"{front} of {mesh.Triangles.Length / 3} triangles face the camera");
    }

    [Fact]
    public void A_box_without_keypoints_gives_nearly_the_landmarks_of_the_blazeface_detection()
    {
        var image = Obama.Value;
        var detection = MediaPipeModels.Detector.Detect(image).Single();
        var aligner = MeshAligner;
        var withKeypoints = aligner.Align(image, detection).Landmarks3D;
        var boxOnly = aligner.Align(image, detection with { Keypoints = null }).Landmarks3D;
        double mean = withKeypoints.Zip(boxOnly, (p, q) => Vector2.Distance(new(p.X, p.Y), new(q.X, q.Y))).Average();
        double faceSize = detection.Box.Width;
        Assert.True(mean < 0.02 * faceSize, $"mean landmark distance {mean:F2} px for a {faceSize:F0} px face");
    }

    [Fact]
    public void An_empty_box_is_refused()
    {
        Assert.Throws<ArgumentException>(() => MediaPipeMeshAligner.UprightRegion(new BoundingBox(10, 10, 10, 10)));
        Assert.Throws<ArgumentException>(() => MeshAligner.Mesh(new FaceAlignment(new Vector3[68], new HeadPose(new double[9], 0, 0, 0, ""), [], new BoundingBox(0, 0, 1, 1), 1) { Layout = AlignmentLayout.Tddfa68 }));
    }

    [Theory]
    [InlineData(DetectorKind.BlazeFace, AlignerKind.MediaPipe)]
    [InlineData(DetectorKind.UltraLight, AlignerKind.MediaPipe)]
    [InlineData(DetectorKind.BlazeFace, AlignerKind.Tddfa)]
    public void Any_detector_pairs_with_any_aligner(DetectorKind detector, AlignerKind aligner)
    {
        using var handle = AnalyzerFactory.Create(AllModelsFolder.Store, new AnalyzerOptions { Detector = detector, Aligner = aligner });
        var analysis = handle.Analyzer.Analyze(Obama.Value, withMesh: true);
        var face = Assert.Single(analysis.Faces);
        int points = aligner == AlignerKind.MediaPipe ? 468 : 68;
        Assert.Equal(points, face.Alignment.Landmarks3D.Count);
        Assert.NotNull(face.Mesh);
        // The 68 points of either aligner land inside the detector's box region (same face).
        var box = face.Detection.Box;
        var landmarks68 = FaceLandmarks68.Of(face.Alignment);
        Assert.Equal(68, landmarks68.Count);
        Assert.All(landmarks68, p => Assert.InRange(p.X, box.X1 - 0.3 * box.Width, box.X2 + 0.3 * box.Width));
    }

    [Fact]
    public void The_68_points_of_a_face_mesh_are_its_mapped_vertices()
    {
        var mesh = Enumerable.Range(0, 468).Select(i => new Vector3(i, 2 * i, -i)).ToArray();
        var mapped = FaceLandmarks68.Of(mesh, AlignmentLayout.FaceMesh468);
        Assert.Equal(MediaPipeLandmarks68.VertexIndices.Select(i => new Vector3(i, 2 * i, -i)), mapped);
        var tddfa = Enumerable.Range(0, 68).Select(i => new Vector3(i, 0, 0)).ToArray();
        Assert.Same(tddfa, FaceLandmarks68.Of(tddfa, AlignmentLayout.Tddfa68));
    }
}
