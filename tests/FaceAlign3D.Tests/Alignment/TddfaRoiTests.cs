using System.Numerics;
using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;

namespace FaceAlign3D.Tests.Alignment;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class TddfaRoiTests
{
    [Fact]
    public void Roi_from_detection_matches_the_original_for_every_sample_face()
    {
        foreach (var face in TddfaReference.Samples)
        {
            var roi = TddfaRoi.FromDetection(face.Box);
            Assert.Equal(face.Roi.X1, roi.X1, 1e-3);
            Assert.Equal(face.Roi.Y1, roi.Y1, 1e-3);
            Assert.Equal(face.Roi.X2, roi.X2, 1e-3);
            Assert.Equal(face.Roi.Y2, roi.Y2, 1e-3);
        }
    }

    [Fact]
    public void Roi_from_detection_by_hand()
    {
        // box 100x200: old size 150, centre (150, 200 + 21), side int(237) = 237.
        var roi = TddfaRoi.FromDetection(new BoundingBox(100, 100, 200, 300));
        Assert.Equal(new BoundingBox(150 - 118.5, 221 - 118.5, 150 + 118.5, 221 + 118.5), roi);
    }

    [Fact]
    public void Roi_from_landmarks_by_hand()
    {
        // Bounding box 40 wide, 20 high, centre (30, 20): square of side 40, diagonal 40*sqrt(2).
        var roi = TddfaRoi.FromLandmarks([new Vector2(10, 10), new Vector2(50, 30), new Vector2(20, 25)]);
        double half = 20 * Math.Sqrt(2);
        Assert.Equal(30 - half, roi.X1, 1e-9);
        Assert.Equal(20 - half, roi.Y1, 1e-9);
        Assert.Equal(2 * half, roi.Width, 1e-9);
        Assert.Equal(2 * half, roi.Height, 1e-9);
        Assert.Throws<ArgumentException>(() => TddfaRoi.FromLandmarks([]));
        Assert.Throws<ArgumentException>(() => TddfaRoi.FromLandmarks([new Vector2(float.NaN, 0)]));
    }

    [Fact]
    public void Crop_rectangle_rounds_half_to_even_like_python()
    {
        Assert.Equal(new FaceAlign3D.Imaging.PixelBox(2, -2, 4, 10), TddfaRoi.CropRectangle(new BoundingBox(2.5, -2.5, 3.5, 9.6)));
    }
}
