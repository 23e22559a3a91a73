using System.Numerics;
using System.Text.Json;
using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Morphable;
using FaceAlign3D.Neural.Formats.Onnx;
using FaceAlign3D.Pipeline;
using Xunit.Abstractions;

namespace FaceAlign3D.Tests.Pipeline;

/// <summary>The 3DDFA_V2 networks and BFM, loaded once for the parity tests.</summary>
public sealed class TddfaModels : IDisposable
{
    internal SessionNetwork FaceBoxes { get; } = new(OnnxModelReader.Read(SharedData.PathOf("models", "tddfa_v2", "faceboxes_prod.onnx")));
    internal SessionNetwork Regressor { get; } = new(OnnxModelReader.Read(SharedData.PathOf("models", "tddfa_v2", "mb05_120x120.onnx")));
    internal Bfm3ddfa Bfm { get; } = Bfm3ddfa.Load(SharedData.PathOf("models", "tddfa_v2", "bfm_3ddfa_v2.safetensors"));

    internal FaceBoxesDetector Detector => new(FaceBoxes.Function, (image, w, h) => ImageResize.Resize(image, w, h));
    internal TddfaAligner Aligner => new(Regressor.Function, new TddfaReconstruction(Bfm));

    public void Dispose()
    {
        FaceBoxes.Dispose();
        Regressor.Dispose();
    }
}

/// <summary>
/// The whole 3DDFA_V2 path on our decoder, engine and geometry against the original PyTorch pipeline's
/// outputs on every sample photo (reference/tddfa_v2_samples.json).
/// </summary>
[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public sealed class TddfaPipelineParityTests(TddfaModels models, ITestOutputHelper output) : IClassFixture<TddfaModels>
{
    public static TheoryData<string> Images()
    {
        var data = new TheoryData<string>();
        foreach (var image in Reference().GetProperty("images").EnumerateArray())
            data.Add(image.GetProperty("image").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Faces_landmarks_and_pose_match_the_original(string imageName)
    {
        var reference = Reference().GetProperty("images").EnumerateArray().Single(i => i.GetProperty("image").GetString() == imageName);
        var image = ImageDecoder.Load(SharedData.PathOf("data", "samples", imageName));
        var detected = models.Detector.Detect(image);
        var refFaces = reference.GetProperty("faces").EnumerateArray().ToArray();
        Assert.Equal(refFaces.Length, detected.Count);

        var aligner = models.Aligner;
        foreach (var refFace in refFaces)
        {
            var refBox = Box(refFace.GetProperty("box"));
            var ours = detected.MaxBy(d => d.Box.IntersectionOverUnion(refBox))!;
            double iou = ours.Box.IntersectionOverUnion(refBox);
            Assert.True(iou >= 0.98, $"{imageName}: box IoU {iou:F4} with reference {refBox}");

            var alignment = aligner.Align(image, ours);
            var refRoi = Box(refFace.GetProperty("roi_box"));
            double side = refRoi.Width;
            var refLandmarks = refFace.GetProperty("landmarks68_3d").EnumerateArray()
                .Select(p => new Vector3(p[0].GetSingle(), p[1].GetSingle(), p[2].GetSingle())).ToArray();
            double meanError = refLandmarks.Select((p, i) => Vector2.Distance(new(p.X, p.Y), new(alignment.Landmarks3D[i].X, alignment.Landmarks3D[i].Y))).Average();
            var pose = refFace.GetProperty("pose_degrees");
            double dYaw = Math.Abs(alignment.Pose.YawDegrees - pose.GetProperty("yaw").GetDouble());
            double dPitch = Math.Abs(alignment.Pose.PitchDegrees - pose.GetProperty("pitch").GetDouble());
            double dRoll = Math.Abs(alignment.Pose.RollDegrees - pose.GetProperty("roll").GetDouble());
            output.WriteLine($"{imageName} box IoU {iou:F6}, landmarks {meanError:E2} px ({100 * meanError / side:F4}% of {side:F0}), pose diff {dYaw:E1}/{dPitch:E1}/{dRoll:E1} deg");
            Assert.True(meanError <= 0.0005 * side, $"{imageName}: mean landmark error {meanError:F3} px > 0.05% of roi side {side:F1}");
            Assert.True(Math.Max(dYaw, Math.Max(dPitch, dRoll)) <= 0.25, $"{imageName}: pose differs by {dYaw:F3}/{dPitch:F3}/{dRoll:F3} degrees");
        }
    }

    private static BoundingBox Box(JsonElement e) => new(e[0].GetDouble(), e[1].GetDouble(), e[2].GetDouble(), e[3].GetDouble());

    private static JsonElement Reference() =>
        JsonDocument.Parse(File.ReadAllText(SharedData.PathOf("reference", "tddfa_v2_samples.json"))).RootElement;
}
