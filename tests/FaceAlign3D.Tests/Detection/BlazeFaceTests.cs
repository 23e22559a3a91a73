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
    public void Letterbox_square_maps_tensor_coordinates_back_to_the_image()
    {
        // 256x128 image: a 256-pixel square centred on it; the top quarter of the tensor is border.
        var box = BlazeFaceDetector.Letterbox(256, 128);
        Assert.Equal(new BlazeFaceImageToTensor.Region(127.5, 63.5, 256, 256, 0), box);
        Assert.Equal(new Vector2(127.5f, 63.5f), box.ToImage(0.5, 0.5));
        // The tensor's corner at v = 0.25 is the image's top-left pixel corner, half a pixel before its centre.
        Assert.Equal(new Vector2(-0.5f, -0.5f), box.ToImage(0, 0.25));
    }

    [Fact]
    public void Input_tensor_is_letterboxed_nchw_in_minus_one_to_one()
    {
        var image = new Image(4, 2, PixelFormat.Rgb8);
        Array.Fill(image.Data, (byte)255);
        var tensor = BlazeFaceDetector.PrepareInput(image);
        Assert.Equal(3 * 128 * 128, tensor.Length);
        // Rows 32..95 sample the image (y from -0.5 to 1.5), the others the zero border.
        Assert.Equal(-1f, tensor[31 * 128 + 5]);
        Assert.Equal(1f, tensor[128 * 128 + 32 * 128 + 5]);
        Assert.Equal(1f, tensor[2 * 128 * 128 + 95 * 128 + 127]);
        Assert.Equal(-1f, tensor[96 * 128 + 5]);
    }

    [Fact]
    public void Detections_map_from_the_letterbox_to_image_pixels()
    {
        var letterbox = BlazeFaceDetector.Letterbox(200, 100);
        var face = new FaceBox(0.25, 0.25, 0.75, 0.75, 0.9f, [new Vector2(0.5f, 0.5f)]);
        var mapped = BlazeFaceDetector.ToImage(face, letterbox);
        Assert.Equal(49.5, mapped.Box.X1, 1e-4);
        Assert.Equal(-0.5, mapped.Box.Y1, 1e-4);
        Assert.Equal(149.5, mapped.Box.X2, 1e-4);
        Assert.Equal(99.5, mapped.Box.Y2, 1e-4);
        Assert.Equal(new Vector2(99.5f, 49.5f), mapped.Keypoints![0]);
    }

    [Fact]
    public void Wrong_output_sizes_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => BlazeFaceDecoder.Decode(new float[10], new float[896]));
    }
}
