using System.Runtime.InteropServices;
using FaceAlign3D.Detection;
using FaceAlign3D.Formats;
using FaceAlign3D.Imaging;

namespace FaceAlign3D.Tests.Detection;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class UltraLightDetectorTests
{
    [Theory]
    [InlineData("version-RFB-320.onnx", 320, 240, 4420)]
    [InlineData("version-RFB-640.onnx", 640, 480, 17640)]
    public void Prior_centres_are_the_ones_the_exported_model_embeds(string file, int width, int height, int count)
    {
        var priors = UltraLightPriors.Generate(width, height);
        Assert.Equal(4 * count, priors.Length);
        // The export folds priors[..., :2] into a constant: the (cx, cy) pairs must appear byte for byte.
        var centres = new float[2 * count];
        for (int i = 0; i < count; i++) { centres[2 * i] = priors[4 * i]; centres[2 * i + 1] = priors[4 * i + 1]; }
        var model = File.ReadAllBytes(SharedData.PathOf("models", "ultralight", file));
        Assert.True(model.AsSpan().IndexOf(MemoryMarshal.AsBytes(centres.AsSpan())) >= 0, "prior centres not found in the model");
    }

    [Fact]
    public void Reference_outputs_are_consistent_with_the_priors()
    {
        var scores = NpyReader.ReadFloat(SharedData.PathOf("reference", "onnx", "version-RFB-320", "random.output0.npy"));
        var boxes = NpyReader.ReadFloat(SharedData.PathOf("reference", "onnx", "version-RFB-320", "random.output1.npy"));
        var priors = UltraLightPriors.Generate(320, 240);
        Assert.Equal([1, priors.Length / 4, 2], scores.Shape);
        Assert.Equal([1, priors.Length / 4, 4], boxes.Shape);
        for (int i = 0; i < scores.Data.Length; i += 2)
            Assert.Equal(1f, scores.Data[i] + scores.Data[i + 1], 1e-5f);

        // Encoding each output box against its prior and decoding again must give the box back, and the
        // regressions a random input produces stay in a plausible range (a misaligned prior table would
        // need offsets of many cells).
        var locations = new float[boxes.Data.Length];
        double largest = 0;
        for (int i = 0; i < boxes.Data.Length; i += 4)
        {
            var box = new BoundingBox(boxes.Data[i], boxes.Data[i + 1], boxes.Data[i + 2], boxes.Data[i + 3]);
            var (dx, dy, dw, dh) = SsdBoxCoder.Encode(box, priors.AsSpan(i, 4), UltraLightDetector.CenterVariance, UltraLightDetector.SizeVariance);
            locations[i] = (float)dx; locations[i + 1] = (float)dy; locations[i + 2] = (float)dw; locations[i + 3] = (float)dh;
            largest = Math.Max(largest, Math.Max(Math.Abs(dx), Math.Abs(dy)));
        }
        Assert.InRange(largest, 0, 20);
        var decoded = UltraLightDetector.DecodeLocations(locations, 320, 240);
        for (int i = 0; i < decoded.Length; i++)
            Assert.Equal(boxes.Data[i], decoded[i], 1e-5f);
    }

    [Fact]
    public void Postprocess_filters_suppresses_and_scales()
    {
        float[] scores = [0.1f, 0.9f, 0.2f, 0.8f, 0.5f, 0.5f, 0.05f, 0.95f];
        float[] boxes =
        [
            0.1f, 0.1f, 0.3f, 0.3f,
            0.11f, 0.1f, 0.31f, 0.3f,  // overlaps the first: suppressed
            0.5f, 0.5f, 0.6f, 0.6f,    // score 0.5 below 0.7
            0.6f, 0.1f, 0.9f, 0.4f,
        ];
        var faces = UltraLightDetector.Postprocess(scores, boxes, 200, 100, 0.7f);
        Assert.Equal([0.95f, 0.9f], faces.Select(f => f.Score));
        Assert.Equal(new BoundingBox(120, 10, 180, 40), Round(faces[0].Box));
        Assert.Equal(new BoundingBox(20, 10, 60, 30), Round(faces[1].Box));
    }

    [Fact]
    public void Input_is_rgb_planes_scaled_around_127()
    {
        var image = new Image(1, 1, PixelFormat.Rgb8);
        image.Data[0] = 255; image.Data[1] = 127; image.Data[2] = 0;
        Assert.Equal([1f, 0f, -127f / 128], UltraLightDetector.PrepareInput(image));
    }

    private static BoundingBox Round(BoundingBox b) => new(Math.Round(b.X1, 3), Math.Round(b.Y1, 3), Math.Round(b.X2, 3), Math.Round(b.Y2, 3));
}
