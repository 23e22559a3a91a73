using FaceAlign3D.Geometry;
using FaceAlign3D.Imaging;
using FaceAlign3D.Synthesis;

namespace FaceAlign3D.Tests.Synthesis;

/// <summary>An in-plane motion keeps image, landmarks and camera consistent.</summary>
public sealed class InPlaneMotionTests
{
    [Fact]
    public void The_moved_camera_projects_the_head_onto_the_moved_landmarks()
    {
        var head = Rotation.FromYawPitchRoll(0.4, -0.1, 0.05);
        var camera = new ScaledOrthographicCamera(12, 150, 110, PinholeCamera.ModelToCameraAxes * head);
        var points = new[] { new Vec3(0, 0, 0), new Vec3(3, -2, 1), new Vec3(-4, 5, 2) };
        var landmarks = points.Select(p =>
        {
            var q = camera.Project(p);
            return new Vec3(q.X, q.Y, -camera.Scale * (camera.R * p).Z);
        }).ToArray();
        var image = new Image(300, 220, PixelFormat.Rgb8);
        image.Data[3 * (110 * 300 + 150)] = 255; // one red pixel at the camera's origin
        var face = new ProfiledFace(image, landmarks, head, camera, [], [], 0);

        var motion = new InPlaneMotion(0.3, 1.2, 7, -4);
        var moved = motion.Apply(face);
        for (int k = 0; k < points.Length; k++)
        {
            var q = moved.Camera.Project(points[k]);
            Assert.Equal(moved.Landmarks68[k].X, q.X, 9);
            Assert.Equal(moved.Landmarks68[k].Y, q.Y, 9);
            Assert.Equal(moved.Landmarks68[k].Z, -moved.Camera.Scale * (moved.Camera.R * points[k]).Z, 9);
        }
        // The camera is the view axes times the new head rotation, which adds the roll to the old one.
        var r = moved.Camera.R * moved.Rotation.Transpose();
        Assert.True((r.ToArray().Zip(PinholeCamera.ModelToCameraAxes.ToArray(), (a, b) => Math.Abs(a - b)).Max()) < 1e-12);
        Assert.True(Math.Abs(Rotation.ToYawPitchRoll(moved.Rotation).Roll - 0.35) < 1e-9);
        // The picture moved with it: the red pixel is where the motion takes the camera's origin.
        var at = motion.Apply(new Point2(150, 110), 300, 220);
        Assert.True(moved.Image.Data[3 * ((int)Math.Round(at.Y) * 300 + (int)Math.Round(at.X))] > 30);
        Assert.Throws<ArgumentException>(() => (motion with { Zoom = 0 }).Apply(face));
    }
}
