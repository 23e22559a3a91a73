using System.Numerics;
using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;
using FaceAlign3D.Formats;
using FaceAlign3D.Imaging;
using FaceAlign3D.Morphable;

namespace FaceAlign3D.Tests.Alignment;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class TddfaAlignerTests
{
    private static readonly Lazy<TddfaReconstruction> Recon = new(() =>
        new TddfaReconstruction(Bfm3ddfa.Load(SharedData.PathOf("models", "tddfa_v2", "bfm_3ddfa_v2.safetensors"))));

    private static string Reference(string file) => SharedData.PathOf("reference", "onnx", "mb05_120x120", file);

    [Fact]
    public void Align_runs_the_network_on_the_region_and_reconstructs()
    {
        var face = TddfaReference.Samples.First(f => f.Image == "emma.jpg" && f.FaceIndex == 0);
        var output = NpyReader.ReadFloat(Reference("emma_face0.output0.npy")).Data;
        int[]? shapeSeen = null;
        var aligner = new TddfaAligner((input, shape) => { shapeSeen = shape; return [output]; }, Recon.Value);

        var result = aligner.Align(new Image(3913, 1901, PixelFormat.Rgb8), new FaceBox(face.Box, face.Score));
        Assert.Equal([1, 3, 120, 120], shapeSeen!);
        Assert.Equal(face.Score, result.Confidence);
        Assert.Equal(face.Roi.X1, result.RoiBox.X1, 1e-3);
        // ONNX Runtime's output differs from PyTorch's by float rounding: landmarks agree to well under a pixel.
        double mean = result.Landmarks3D.Select((p, k) => Vector2.Distance(new Vector2(p.X, p.Y), new Vector2(face.Landmarks3D[k][0], face.Landmarks3D[k][1]))).Average();
        Assert.InRange(mean, 0, 0.05);
        Assert.Equal(face.Yaw, result.Pose.YawDegrees, 0.05);
        Assert.Equal(68, result.Landmarks2D.Count);
    }

    [Fact]
    public void Align_from_previous_landmarks_uses_the_landmark_region()
    {
        var face = TddfaReference.Samples[0];
        var landmarks = face.Landmarks3D.Select(p => new Vector2(p[0], p[1])).ToArray();
        var aligner = new TddfaAligner((_, _) => [new float[62]], Recon.Value);
        var result = aligner.Align(new Image(626, 1200, PixelFormat.Rgb8), landmarks, 0.7f);
        Assert.Equal(TddfaRoi.FromLandmarks(landmarks), result.RoiBox);
        Assert.Equal(0.7f, result.Confidence);
        Assert.Equal(Recon.Value.Model.ParamMean.ToArray(), result.Parameters);
    }

    [Fact]
    public void A_crop_is_fed_as_bgr_planes_with_the_reference_normalisation()
    {
        // Every value of a reference input is (byte - 127.5) / 128; rebuilding the crop from it and aligning it
        // must hand the network the same tensor (channel 0 of the tensor is blue).
        var input = NpyReader.ReadFloat(Reference("JianzhuGuo_face0.input.npy")).Data;
        var crop = new Image(120, 120, PixelFormat.Rgb8);
        int plane = 120 * 120;
        for (int i = 0; i < plane; i++)
            for (int c = 0; c < 3; c++)
            {
                double level = input[c * plane + i] * 128 + 127.5;
                Assert.Equal(Math.Round(level), level, 1e-3);
                crop.Data[3 * i + 2 - c] = (byte)Math.Round(level);
            }
        float[]? seen = null;
        var aligner = new TddfaAligner((x, _) => { seen = x; return [new float[62]]; }, Recon.Value);
        aligner.AlignCrop(crop, new BoundingBox(0, 0, 120, 120));
        Assert.Equal(input, seen!);
        Assert.Throws<ArgumentException>(() => aligner.AlignCrop(new Image(64, 64, PixelFormat.Rgb8), new BoundingBox(0, 0, 64, 64)));
    }

    [Fact]
    public void A_second_output_of_log_sigmas_becomes_pixel_sigmas_of_the_region()
    {
        var logSigmas = Enumerable.Range(0, 68).Select(k => (float)(-4 + 0.01 * k)).ToArray();
        var roi = new BoundingBox(10, 20, 250, 260);
        var withSigma = new TddfaAligner((_, _) => [new float[62], logSigmas], Recon.Value).AlignRegion(new Image(300, 300, PixelFormat.Rgb8), roi);
        Assert.Equal(68, withSigma.LandmarkSigmas!.Count);
        for (int k = 0; k < 68; k++)
            Assert.Equal(Math.Exp(logSigmas[k]) * 240, withSigma.LandmarkSigmas[k], 1e-3);

        var plain = new TddfaAligner((_, _) => [new float[62]], Recon.Value).AlignRegion(new Image(300, 300, PixelFormat.Rgb8), roi);
        Assert.Null(plain.LandmarkSigmas);
        Assert.Equal(plain.Landmarks3D, withSigma.Landmarks3D);

        var wrongCount = new TddfaAligner((_, _) => [new float[62], new float[5]], Recon.Value);
        Assert.Throws<InvalidOperationException>(() => wrongCount.AlignRegion(new Image(300, 300, PixelFormat.Rgb8), roi));
    }
}
