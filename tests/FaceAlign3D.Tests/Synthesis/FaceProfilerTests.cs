using FaceAlign3D.Fitting;
using FaceAlign3D.Geometry;
using FaceAlign3D.Imaging;
using FaceAlign3D.Synthesis;
using FaceAlign3D.Tests.Fitting;

namespace FaceAlign3D.Tests.Synthesis;

public sealed class FaceProfilerTests
{
    private static readonly Lazy<(Image Photo, FitResult Fit)> Photo = new(() => AflwPhotos.Fitted("image00014.jpg"));

    private static double MeanAbsDifference(Image a, Image b)
    {
        double s = 0;
        for (int i = 0; i < a.Data.Length; i++)
            s += Math.Abs(a.Data[i] - b.Data[i]);
        return s / a.Data.Length;
    }

    [Fact]
    public void NoTurnGivesBackThePhoto()
    {
        var (photo, fit) = Photo.Value;
        var same = new FaceProfiler(IctTestModel.Value).Profile(photo, fit, 0, 0);
        // Every face pixel is coloured from where the photo saw it, the background stays put.
        Assert.True(MeanAbsDifference(same.Image, photo) < 0.5, $"mean difference {MeanAbsDifference(same.Image, photo)}");
        Assert.True(same.FilledFraction < 0.02);
    }

    [Fact]
    public void TurnedFaceHasGroundTruthOfTheNewPose()
    {
        var (photo, fit) = Photo.Value;
        var profiler = new FaceProfiler(IctTestModel.Value);
        var turned = profiler.Profile(photo, fit, 30, 10);
        Assert.Equal(photo.Width, turned.Image.Width);
        // The new rotation is the old one turned by 30 degrees of yaw and 10 of pitch about the camera's axes.
        var viewR = fit.Views[0].Camera.R;
        var relative = viewR * turned.Rotation * fit.Pose.Rotation.Transpose() * viewR.Transpose();
        var expected = Rotation.FromYawPitchRoll(30 * Math.PI / 180, 10 * Math.PI / 180, 0);
        Assert.True(Mat3.MaxAbsDifference(relative, expected) < 1e-9);
        // The landmarks are the model's landmark vertices through the returned camera; z grows toward the viewer.
        var vertices = fit.ModelVertices(IctTestModel.Value);
        int nose = IctTestModel.Value.Landmarks68[30];
        var p = turned.Camera.Project(new Vec3(vertices[3 * nose], vertices[3 * nose + 1], vertices[3 * nose + 2]));
        Assert.Equal(p.X, turned.Landmarks68[30].X, 9);
        Assert.True(turned.Landmarks68[30].Z > turned.Landmarks68[0].Z);
        // The landmark centroid stays where the photo had it.
        var before = fit.Views[0].Projected;
        Assert.Equal(before.Average(q => q.X), turned.Landmarks68.Average(q => q.X), 0);
        // The image border is pinned, and the face is almost all coloured from the photo or its mirror image.
        Assert.Equal(photo.Row(0).ToArray(), turned.Image.Row(0).ToArray());
        Assert.True(turned.FilledFraction < 0.1, $"{turned.FilledFraction:P1} of the face inpainted");
        // Deterministic, also when drawn into a reused image after another profile (the buffers carry nothing over).
        var into = new Image(photo.Width, photo.Height, PixelFormat.Rgb8);
        profiler.Profile(photo, fit, -40, 5, into: into);
        Assert.Same(into, profiler.Profile(photo, fit, 30, 10, into: into).Image);
        Assert.Equal(turned.Image.Data, into.Data);
    }

    [Fact]
    public void BadRequestsGetTypedErrors()
    {
        var (photo, fit) = Photo.Value;
        var profiler = new FaceProfiler(IctTestModel.Value);
        Assert.Throws<ArgumentException>(() => profiler.Profile(photo, fit, 80, 0));
        Assert.Throws<ArgumentException>(() => profiler.Profile(photo, fit, double.NaN, 0));
        Assert.Throws<ArgumentException>(() => profiler.Profile(new Image(10, 10, PixelFormat.Gray8), fit, 10, 0));
        var pinhole = fit with { Projection = ProjectionKind.Pinhole };
        Assert.Throws<ArgumentException>(() => profiler.Profile(photo, pinhole, 10, 0));
        Assert.Throws<ArgumentException>(() => profiler.Profile(photo, fit, 10, 0, into: new Image(10, 10, PixelFormat.Rgb8)));
        Assert.Throws<ArgumentException>(() => profiler.Profile(photo, fit, 10, 0, into: photo));
    }
}
