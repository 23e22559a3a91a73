using System.Numerics;
using FaceAlign3D.Detection;

namespace FaceAlign3D.Tests.Detection;

public class NmsTests
{
    [Fact]
    public void Hard_nms_keeps_the_best_of_each_overlapping_group()
    {
        var boxes = new List<FaceBox>
        {
            new(0, 0, 10, 10, 0.8f),
            new(1, 0, 11, 10, 0.9f),   // IoU with the first 90/110 = 0.82
            new(20, 20, 30, 30, 0.7f),
            new(5, 0, 15, 10, 0.6f),   // IoU with the second 60/140 = 0.43, with the first 50/150 = 0.33
        };
        var kept = Nms.Hard(boxes, 0.5);
        Assert.Equal([0.9f, 0.7f, 0.6f], kept.Select(b => b.Score));
        Assert.Equal([0.9f, 0.7f], Nms.Hard(boxes, 0.4).Select(b => b.Score));
        Assert.Equal([0.9f], Nms.Hard(boxes, 0.4, maxCount: 1).Select(b => b.Score));
    }

    [Fact]
    public void Pixel_inclusive_overlap_counts_the_edge_pixels()
    {
        // Boxes [0,9] and [5,14] (10 px each): inclusive IoU = 5*10 / (100 + 100 - 50) = 1/3; continuous IoU = 45/135 = 1/3 too,
        // but [0,0]-[0,0] single-pixel boxes only overlap under the inclusive convention.
        var dots = new List<FaceBox> { new(0, 0, 0, 0, 0.9f), new(0, 0, 0, 0, 0.8f) };
        Assert.Single(Nms.Hard(dots, 0.3, OverlapConvention.PixelInclusive));
        Assert.Equal(2, Nms.Hard(dots, 0.3, OverlapConvention.Continuous).Count);
        // Threshold reached exactly suppresses under the inclusive (Fast R-CNN) rule.
        var pair = new List<FaceBox> { new(0, 0, 9, 9, 0.9f), new(5, 0, 14, 9, 0.8f) };
        Assert.Single(Nms.Hard(pair, 1.0 / 3 - 1e-12, OverlapConvention.PixelInclusive));
        Assert.Equal(2, Nms.Hard(pair, 0.34, OverlapConvention.PixelInclusive).Count);
    }

    [Fact]
    public void Weighted_nms_averages_overlapping_boxes_by_score()
    {
        var boxes = new List<FaceBox>
        {
            new(new BoundingBox(0, 0, 10, 10), 0.75f, [new Vector2(2, 2)]),
            new(new BoundingBox(2, 0, 12, 10), 0.25f, [new Vector2(6, 2)]), // IoU 80/120 = 0.67
            new(new BoundingBox(50, 50, 60, 60), 0.5f, [new Vector2(55, 55)]),
        };
        var merged = Nms.Weighted(boxes, 0.3);
        Assert.Equal(2, merged.Count);
        Assert.Equal(0.75f, merged[0].Score);
        Assert.Equal(new BoundingBox(0.5, 0, 10.5, 10), merged[0].Box);
        Assert.Equal(new Vector2(3, 2), merged[0].Keypoints![0]);
        Assert.Equal(boxes[2].Box, merged[1].Box);
        Assert.Equal(boxes[2].Keypoints, merged[1].Keypoints);
    }

    [Fact]
    public void Empty_input_gives_empty_output()
    {
        Assert.Empty(Nms.Hard([], 0.3));
        Assert.Empty(Nms.Weighted([], 0.3));
    }
}
