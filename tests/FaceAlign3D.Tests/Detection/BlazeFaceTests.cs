using System.Numerics;
using FaceAlign3D.Detection;
using FaceAlign3D.Imaging;

namespace FaceAlign3D.Tests.Detection;

public class BlazeFaceTests
{
    [Fact]
    public void Short_range_anchors_by_hand()
    {
        var a = SsdAnchors.Generate(SsdAnchorOptions.FaceDetectionShortRange);
        Assert.Equal(896 * 4, a.Length);
        // Stride 8: 16x16 cells with 2 anchors each (aspect 1 + interpolated scale), unit size.
        Assert.Equal([0.5f / 16, 0.5f / 16, 1f, 1f], a[..4]);
        Assert.Equal(a[..4], a[4..8]);
        Assert.Equal([1.5f / 16, 0.5f / 16, 1f, 1f], a[8..12]);
        // Stride 16 (three layers merged): 8x8 cells with 6 anchors each, starting after 16*16*2 = 512.
        Assert.Equal([0.5f / 8, 0.5f / 8, 1f, 1f], a[(512 * 4)..(513 * 4)]);
        Assert.Equal(a[(512 * 4)..(513 * 4)], a[(517 * 4)..(518 * 4)]);
        Assert.Equal([1.5f / 8, 0.5f / 8, 1f, 1f], a[(518 * 4)..(519 * 4)]);
        Assert.Equal([7.5f / 8, 7.5f / 8, 1f, 1f], a[^4..]);
    }

    [Fact]
    public void Anchor_sizes_follow_the_scale_ladder_when_not_fixed()
    {
        var o = SsdAnchorOptions.FaceDetectionShortRange with { FixedAnchorSize = false };
        var a = SsdAnchors.Generate(o);
        double s0 = 0.1484375, s1 = 0.1484375 + (0.75 - 0.1484375) / 3;
        Assert.Equal(s0, a[2], 1e-6);
        Assert.Equal(Math.Sqrt(s0 * s1), a[6], 1e-6);
        // Last layer's interpolated anchor uses scale 1 as its next scale.
        Assert.Equal(Math.Sqrt(0.75), a[^2], 1e-6);
    }

    [Fact]
    public void Decodes_a_box_and_keypoints_relative_to_the_anchor()
    {
        var regressors = new float[896 * 16];
        var scores = Enumerable.Repeat(-1000f, 896).ToArray(); // clipped to -100: sigmoid ~ 0, dropped
        int i = 520; // a stride-16 anchor at cell (1, 0): centre (1.5/8, 0.5/8)
        scores[i] = 1000f; // clipped to 100: sigmoid 1
        float[] r = [12.8f, -6.4f, 32f, 64f, 0, 0, 12.8f, 12.8f, 0, 0, 0, 0, 0, 0, 0, 0];
        r.CopyTo(regressors, i * 16);
        var faces = BlazeFaceDecoder.Decode(regressors, scores);
        var face = Assert.Single(faces);
        Assert.Equal(1f, face.Score);
        double cx = 1.5 / 8 + 0.1, cy = 0.5 / 8 - 0.05;
        Assert.Equal(cx - 0.125, face.Box.X1, 1e-6);
        Assert.Equal(cy - 0.25, face.Box.Y1, 1e-6);
        Assert.Equal(cx + 0.125, face.Box.X2, 1e-6);
        Assert.Equal(cy + 0.25, face.Box.Y2, 1e-6);
        Assert.Equal(6, face.Keypoints!.Count);
        Assert.Equal(new Vector2(1.5f / 8, 0.5f / 8), face.Keypoints[0]);
        Assert.Equal(1.5f / 8 + 0.1f, face.Keypoints[1].X, 1e-6f);
    }

    [Fact]
    public void Overlapping_detections_are_merged_by_weighted_nms()
    {
        var regressors = new float[896 * 16];
        var scores = Enumerable.Repeat(-50f, 896).ToArray();
        // Anchors 0 and 1 share a centre; same box size, scores logit 0 (0.5) and large (1.0): merged into one.
        foreach (int i in new[] { 0, 1 })
        {
            regressors[i * 16 + 2] = 20; regressors[i * 16 + 3] = 20;
        }
        regressors[1 * 16 + 0] = 2; // second box shifted 2/128 right
        scores[0] = 0f;
        scores[1] = 100f;
        var face = Assert.Single(BlazeFaceDecoder.Decode(regressors, scores));
        Assert.Equal(1f, face.Score);
        double shift = 2.0 / 128 * 1.0 / 1.5; // weights 1 and 0.5
        Assert.Equal(0.5 / 16 - 10.0 / 128 + shift, face.Box.X1, 1e-6);
    }

    [Fact]
    public void Letterbox_maps_tensor_coordinates_back_to_the_image()
    {
        // 256x128 image: content 128x64 placed 32 px down.
        var box = BlazeFaceDetector.Letterbox.For(256, 128);
        Assert.Equal((128, 64, 0, 32), (box.ContentWidth, box.ContentHeight, box.OffsetX, box.OffsetY));
        Assert.Equal(new Vector2(128, 64), box.ToImage(new Vector2(0.5f, 0.5f)));
        Assert.Equal(new Vector2(0, 0), box.ToImage(new Vector2(0, 0.25f)));
    }

    [Fact]
    public void Input_tensor_is_letterboxed_nhwc_in_minus_one_to_one()
    {
        var image = new Image(4, 2, PixelFormat.Rgb8);
        Array.Fill(image.Data, (byte)255);
        var (tensor, box) = BlazeFaceDetector.PrepareInput(image, (img, w, h) =>
        {
            var resized = new Image(w, h, PixelFormat.Rgb8);
            Array.Fill(resized.Data, (byte)255);
            return resized;
        });
        Assert.Equal(128 * 128 * 3, tensor.Length);
        Assert.Equal((128, 64, 32), (box.ContentWidth, box.ContentHeight, box.OffsetY));
        Assert.Equal(-1f, tensor[0]);                          // top border
        Assert.Equal(1f, tensor[(32 * 128 + 5) * 3 + 1]);      // inside the content
        Assert.Equal(-1f, tensor[(96 * 128 + 5) * 3]);         // bottom border
    }

    [Fact]
    public void Wrong_output_sizes_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => BlazeFaceDecoder.Decode(new float[10], new float[896]));
    }
}
