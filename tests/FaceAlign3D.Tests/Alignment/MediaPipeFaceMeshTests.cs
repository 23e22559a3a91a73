using FaceAlign3D.Geometry;
using System.Numerics;
using System.Text.Json;
using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Morphable;

namespace FaceAlign3D.Tests.Alignment;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class MediaPipeFaceMeshTests
{
    [Fact]
    public void Roi_from_a_detection_is_rotated_by_the_eye_line_squared_and_scaled()
    {
        // Box 100x80 centred at (200, 150); the subject's left eye (image right) 20 px lower than the right eye.
        var face = new FaceBox(150, 110, 250, 190, 0.9f, [new Vector2(180, 140), new Vector2(220, 160)]);
        var roi = MediaPipeFaceMeshRoi.FromDetection(face);
        Assert.Equal(200, roi.CenterX, 9);
        Assert.Equal(150, roi.CenterY, 9);
        Assert.Equal(150, roi.Width, 9);
        Assert.Equal(150, roi.Height, 9);
        Assert.Equal(Math.Atan2(20, 40), roi.Rotation, 9); // clockwise in the image: the crop's x axis follows the eyes
        // The crop's right edge midpoint lies along the eye direction.
        var right = roi.ToImage(1, 0.5);
        Assert.Equal(200 + 75 * 40 / Math.Sqrt(2000), right.X, 3);
        Assert.Equal(150 + 75 * 20 / Math.Sqrt(2000), right.Y, 3);
    }

    [Fact]
    public void Roi_from_landmarks_uses_their_extent_and_the_outer_eye_corners()
    {
        var points = Enumerable.Repeat(new Vector2(100, 100), 468).ToArray();
        points[0] = new Vector2(50, 40);
        points[1] = new Vector2(150, 200);
        points[33] = new Vector2(80, 100);
        points[263] = new Vector2(120, 60); // eye line rising 45 degrees to the image right
        var roi = MediaPipeFaceMeshRoi.FromLandmarks(points);
        Assert.Equal(100, roi.CenterX, 9);
        Assert.Equal(120, roi.CenterY, 9);
        Assert.Equal(240, roi.Width, 9);
        Assert.Equal(-Math.PI / 4, roi.Rotation, 9);
        Assert.Throws<ArgumentException>(() => MediaPipeFaceMeshRoi.FromLandmarks(points[..100]));
        Assert.Throws<ArgumentException>(() => MediaPipeFaceMeshRoi.FromDetection(new FaceBox(0, 0, 10, 10, 1f)));
    }

    [Fact]
    public void Crop_landmarks_map_back_through_rotation_and_scale()
    {
        var roi = new BlazeFaceImageToTensor.Region(300, 200, 384, 384, Math.PI / 2);
        float[] mesh = [96, 96, 10, 0, 96, -20, 192, 0, 0];
        var p = MediaPipeFaceMeshAligner.ToImage(mesh, roi);
        Assert.Equal(new Vector3(300, 200, 20), p[0]); // centre; z scales like x: 10 * 384 / 192
        // Crop left-edge midpoint: with the crop turned a quarter clockwise its "left" is image up.
        Assert.Equal(300, p[1].X, 3);
        Assert.Equal(8, p[1].Y, 3);
        Assert.Equal(-40, p[1].Z, 3);
        // Crop top-right corner: x axis points image down, y axis image left.
        Assert.Equal(300 + 192, p[2].X, 3);
        Assert.Equal(200 + 192, p[2].Y, 3);
    }

    [Fact]
    public void Euler_angles_rebuild_the_pose_rotation()
    {
        var reference = MediaPipeReference.Image("emma.jpg");
        var geometry = new MediaPipeFaceGeometry(MediaPipeModels.Canonical);
        foreach (var face in reference.Faces)
        {
            var pose = geometry.Estimate(face.Landmarks, reference.Width, reference.Height);
            double y = pose.YawDegrees * Math.PI / 180, x = pose.PitchDegrees * Math.PI / 180, z = pose.RollDegrees * Math.PI / 180;
            double[] ry = [Math.Cos(y), 0, Math.Sin(y), 0, 1, 0, -Math.Sin(y), 0, Math.Cos(y)];
            double[] rx = [1, 0, 0, 0, Math.Cos(x), -Math.Sin(x), 0, Math.Sin(x), Math.Cos(x)];
            double[] rz = [Math.Cos(z), -Math.Sin(z), 0, Math.Sin(z), Math.Cos(z), 0, 0, 0, 1];
            var r = Multiply(Multiply(ry, rx), rz);
            var rotation = pose.Rotation;
            for (int i = 0; i < 9; i++)
                Assert.Equal(rotation[i], r[i], 9);
        }
    }

    [Fact]
    public void Yaw_sign_follows_where_the_face_turns()
    {
        // Turning the face toward image right (positive yaw) moves the nose tip right of the cheeks' midpoint.
        var geometry = new MediaPipeFaceGeometry(MediaPipeModels.Canonical);
        int turned = 0;
        foreach (var image in MediaPipeReference.Images)
            foreach (var face in image.Faces)
            {
                var pose = geometry.Estimate(face.Landmarks, image.Width, image.Height);
                double noseOffset = face.Landmarks[1].X - (face.Landmarks[234].X + face.Landmarks[454].X) / 2;
                if (Math.Abs(pose.YawDegrees) < 8)
                    continue;
                turned++;
                Assert.Equal(Math.Sign(pose.YawDegrees), Math.Sign(noseOffset));
            }
        Assert.True(turned >= 2, $"only {turned} reference faces are turned by more than 8 degrees");
    }

    private static double[] Multiply(double[] a, double[] b) => (Mat3.FromArray(a) * Mat3.FromArray(b)).ToArray();

    [Fact]
    public void The_68_point_table_is_mirror_symmetric_on_the_canonical_face()
    {
        var indices = MediaPipeLandmarks68.VertexIndices;
        Assert.Equal(68, indices.Distinct().Count());
        Assert.All(indices, i => Assert.InRange(i, 0, 467));
        int[] mirror =
        [
            16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0,
            26, 25, 24, 23, 22, 21, 20, 19, 18, 17,
            27, 28, 29, 30, 35, 34, 33, 32, 31,
            45, 44, 43, 42, 47, 46, 39, 38, 37, 36, 41, 40,
            54, 53, 52, 51, 50, 49, 48, 59, 58, 57, 56, 55, 64, 63, 62, 61, 60, 67, 66, 65,
        ];
        var v = MediaPipeModels.Canonical.Vertices;
        for (int k = 0; k < 68; k++)
        {
            var a = v[indices[k]];
            var b = v[indices[mirror[k]]];
            Assert.True(Math.Abs(a.X + b.X) < 0.05 && Math.Abs(a.Y - b.Y) < 0.05 && Math.Abs(a.Z - b.Z) < 0.05, $"iBUG {k} (vertex {indices[k]}) and {mirror[k]} (vertex {indices[mirror[k]]}) are not mirror images");
        }
    }

    [Fact]
    public void The_68_points_land_on_aflw2000_annotations()
    {
        // A few near-frontal AFLW2000-3D faces: mean point error below 4% of the annotated box size.
        var root = JsonDocument.Parse(File.ReadAllBytes(SharedData.PathOf("data", "aflw2000-3d", "annotations.json"))).RootElement;
        var samples = root.GetProperty("samples").EnumerateArray()
            .Where(s => Math.Abs(s.GetProperty("pose_radians").GetProperty("yaw").GetDouble()) < 20 * Math.PI / 180).Take(4).ToList();
        Assert.Equal(4, samples.Count);
        foreach (var s in samples)
        {
            var truth = s.GetProperty("landmarks68_2d_reannotated").EnumerateArray().Select(p => new Vector2(p[0].GetSingle(), p[1].GetSingle())).ToArray();
            var box = MediaPipeReference.Box(truth);
            var image = ImageDecoder.Load(SharedData.PathOf("data", "aflw2000-3d", "images", s.GetProperty("image").GetString()!));
            var face = MediaPipeModels.Detector.Detect(image).MaxBy(f => f.Box.IntersectionOverUnion(box))!;
            var points = MediaPipeLandmarks68.From(MediaPipeModels.Aligner.Align(image, face));
            double nme = truth.Select((t, k) => Vector2.Distance(t, new Vector2(points[k].X, points[k].Y))).Average() / Math.Sqrt(box.Width * box.Height);
            Assert.True(nme < 0.04, $"{s.GetProperty("image").GetString()}: NME {nme:0.000}");
        }
    }
}
