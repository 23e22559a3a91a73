using FaceAlign3D.Detection;
using FaceAlign3D.Formats;
using FaceAlign3D.Imaging;
using FaceAlign3D.Tests.Alignment;
using Xunit.Abstractions;

namespace FaceAlign3D.Tests.Detection;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class FaceBoxesDetectorTests(ITestOutputHelper output)
{
    private static string Reference(string file) => SharedData.PathOf("reference", "onnx", "faceboxes_prod", file);

    [Fact]
    public void Raw_outputs_decode_to_the_original_boxes_and_scores()
    {
        var input = NpyReader.ReadFloat(Reference("trump_hillary.input.npy"));
        var locations = NpyReader.ReadFloat(Reference("trump_hillary.output0.npy"));
        var scores = NpyReader.ReadFloat(Reference("trump_hillary.output1.npy"));
        var (width, height, scale) = FaceBoxesDetector.InputSize(1536, 689);
        Assert.Equal((input.Shape[3], input.Shape[2]), (width, height));

        var faces = FaceBoxesDetector.Postprocess(locations.Data, scores.Data, width, height, scale);
        var expected = TddfaReference.Samples.Where(f => f.Image == "trump_hillary.jpg").ToList();
        Assert.Equal(expected.Count, faces.Count);
        foreach (var e in expected)
        {
            var match = faces.MaxBy(f => f.Box.IntersectionOverUnion(e.Box))!;
            Assert.True(match.Box.IntersectionOverUnion(e.Box) >= 0.98, $"best IoU {match.Box.IntersectionOverUnion(e.Box)} for {e.Box}");
            Assert.Equal(e.Score, match.Score, 1e-4f);
            Assert.Equal(e.Box.X1, match.Box.X1, 0.5);
            Assert.Equal(e.Box.Y2, match.Box.Y2, 0.5);
            output.WriteLine($"IoU {match.Box.IntersectionOverUnion(e.Box):F6}, score difference {Math.Abs(match.Score - e.Score):g3}");
        }
    }

    [Fact]
    public void Prior_count_matches_the_network_output_for_the_reference_input()
    {
        var scores = NpyReader.ReadFloat(Reference("trump_hillary.output1.npy"));
        Assert.Equal(scores.Shape[1], FaceBoxesPriors.Count(484, 1080));
        Assert.Equal(4 * scores.Shape[1], FaceBoxesPriors.Generate(484, 1080).Length);
    }

    [Fact]
    public void Priors_by_hand_for_a_one_cell_input()
    {
        // 32x32: one cell on every map; 16 densified 32-px anchors, 4 of 64 px, then 128, 256, 512 at the centre.
        var p = FaceBoxesPriors.Generate(32, 32);
        Assert.Equal(4 * (16 + 4 + 1 + 1 + 1), p.Length);
        Assert.Equal([0f, 0f, 1f, 1f], p[..4]);
        Assert.Equal([0.25f, 0f, 1f, 1f], p[4..8]);   // second 32-px anchor: next x on the 1/4 grid
        Assert.Equal([0f, 0.25f, 1f, 1f], p[16..20]); // fifth: next row
        Assert.Equal([0.5f, 0.5f, 2f, 2f], p[(4 * 16 + 12)..(4 * 16 + 16)]); // fourth 64-px anchor at (1/2, 1/2)
        Assert.Equal([1f, 1f, 8f, 8f], p[^8..^4]);    // 256-px anchor centred in a 64-px cell
        Assert.Equal([2f, 2f, 16f, 16f], p[^4..]);
    }

    [Fact]
    public void Input_size_fits_720_by_1080()
    {
        Assert.Equal((640, 480, 1.0), FaceBoxesDetector.InputSize(640, 480));
        var (w, h, s) = FaceBoxesDetector.InputSize(1000, 1440);
        Assert.Equal((500, 720, 0.5), (w, h, s));
        (w, h, s) = FaceBoxesDetector.InputSize(3913, 1901);
        Assert.True(w <= 1080 && h <= 720);
        Assert.Equal(1080.0 / 3913, s, 1e-12);
    }

    [Fact]
    public void A_minimum_face_size_scales_such_a_face_to_the_smallest_anchor()
    {
        var (w, h, s) = FaceBoxesDetector.InputSize(1280, 720, 64);
        Assert.Equal(0.5, s, 1e-12);
        Assert.Equal((640, 360), (w, h));
        Assert.Equal(FaceBoxesDetector.InputSize(1280, 720), FaceBoxesDetector.InputSize(1280, 720, 20)); // never above the full-size scale
        (_, h, _) = FaceBoxesDetector.InputSize(200, 100, 400);
        Assert.InRange(h, FaceBoxesDetector.SmallestAnchor - 1, FaceBoxesDetector.SmallestAnchor); // one anchor on the shorter side at least
        Assert.Throws<ArgumentOutOfRangeException>(() => FaceBoxesDetector.InputSize(640, 480, 0));
    }

    [Fact]
    public void Detect_with_a_minimum_face_size_runs_the_network_on_the_reduced_image()
    {
        (int, int)? resizedTo = null;
        int[]? shapeSeen = null;
        var detector = new FaceBoxesDetector((_, shape) =>
            {
                shapeSeen = shape;
                int priors = FaceBoxesPriors.Generate(shape[2], shape[3]).Length / 4;
                return [new float[4 * priors], new float[2 * priors]];
            },
            (_, w, h) => { resizedTo = (w, h); return new Image(w, h, PixelFormat.Rgb8); }, minFaceSize: 64);
        Assert.Empty(detector.Detect(new Image(1536, 689, PixelFormat.Rgb8)));
        Assert.Equal((768, 344), resizedTo); // scale 32 / 64 instead of 1080 / 1536
        Assert.Equal([1, 3, 344, 768], shapeSeen!);
    }

    [Fact]
    public void Input_is_bgr_minus_mean_in_planes()
    {
        var image = new Image(2, 1, PixelFormat.Rgb8);
        image.Data[0] = 10; image.Data[1] = 20; image.Data[2] = 30;   // pixel 0: R G B
        image.Data[3] = 200; image.Data[4] = 150; image.Data[5] = 100;
        var t = FaceBoxesDetector.PrepareInput(image);
        Assert.Equal([30 - 104f, 100 - 104f, 20 - 117f, 150 - 117f, 10 - 123f, 200 - 123f], t);
    }

    [Fact]
    public void Detect_runs_resize_network_and_decoding_through_the_injected_functions()
    {
        var input = NpyReader.ReadFloat(Reference("trump_hillary.input.npy"));
        var locations = NpyReader.ReadFloat(Reference("trump_hillary.output0.npy"));
        var scores = NpyReader.ReadFloat(Reference("trump_hillary.output1.npy"));
        int[]? shapeSeen = null;
        (int, int)? resizedTo = null;
        var detector = new FaceBoxesDetector(
            (tensor, shape) => { shapeSeen = shape; return [locations.Data, scores.Data]; },
            (img, w, h) => { resizedTo = (w, h); return new Image(w, h, PixelFormat.Rgb8); });
        var faces = detector.Detect(new Image(1536, 689, PixelFormat.Rgb8));
        Assert.Equal((1080, 484), resizedTo);
        Assert.Equal(input.Shape, shapeSeen);
        Assert.Equal(2, faces.Count);
    }

    [Fact]
    public void Mismatched_outputs_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => FaceBoxesDetector.Postprocess(new float[8], new float[4], 32, 32, 1));
    }
}
