using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Formats;
using FaceAlign3D.OnnxRuntime;
using FaceAlign3D.Pipeline;
using FaceAlign3D.Tests.Neural;
using FaceAlign3D.Tests.Pipeline;
using Xunit.Abstractions;

namespace FaceAlign3D.Tests.OnnxRuntime;

/// <summary>The 3DDFA_V2 networks on ONNX Runtime, loaded once.</summary>
public sealed class OnnxRuntimeTddfaModels : IDisposable
{
    public OnnxRuntimeNetwork FaceBoxes { get; } = OnnxRuntimeNetwork.Load(SharedData.PathOf("models", "tddfa_v2", "faceboxes_prod.onnx"));
    public OnnxRuntimeNetwork Regressor { get; } = OnnxRuntimeNetwork.Load(SharedData.PathOf("models", "tddfa_v2", "mb05_120x120.onnx"));

    public void Dispose()
    {
        FaceBoxes.Dispose();
        Regressor.Dispose();
    }
}

/// <summary>Our engine and ONNX Runtime agree on every shared reference case and on the landmarks align writes.</summary>
public sealed class EngineParityTests(TddfaModels managed, OnnxRuntimeTddfaModels onnxRuntime, ITestOutputHelper output)
    : IClassFixture<TddfaModels>, IClassFixture<OnnxRuntimeTddfaModels>
{
    public static TheoryData<string, string, string> Cases() => OnnxParityTests.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Both_engines_agree_within_1e_4(string folder, string model, string caseName)
    {
        string dir = SharedData.PathOf("reference", "onnx", folder);
        var input = NpyReader.ReadFloat(Path.Combine(dir, caseName + ".input.npy"));
        using var ours = new SessionNetwork(ManagedNetworkEngine.ReadGraph(SharedData.PathOf("models", model)));
        using var theirs = OnnxRuntimeNetwork.Load(SharedData.PathOf("models", model));
        var expected = ours.Function(input.Data, input.Shape);
        var actual = theirs.Function(input.Data, input.Shape);
        Assert.Equal(expected.Count, actual.Count);
        for (int o = 0; o < expected.Count; o++)
        {
            output.WriteLine($"{folder}/{caseName} output {o}: {expected[o].Length} values, max |managed - onnxruntime| = {MaxDifference(expected[o], actual[o]):E2}");
            OnnxParityTests.AssertClose(expected[o], actual[o], $"{folder}/{caseName} output {o}");
            var reference = NpyReader.ReadFloat(Path.Combine(dir, $"{caseName}.output{o}.npy"));
            OnnxParityTests.AssertClose(reference.Data, actual[o], $"{folder}/{caseName} output {o} against the reference file");
        }
    }

    public static TheoryData<string> Photos() => ["emma.jpg", "couple.jpg", "trump_hillary.jpg", "obama_partial_face.jpg", "32bit.png"];

    [Theory]
    [MemberData(nameof(Photos))]
    public void Align_landmarks_agree_within_a_thousandth_of_a_pixel(string photo)
    {
        var image = ImageDecoder.Load(SharedData.PathOf("data", "samples", photo));
        var expected = Analyze(managed.FaceBoxes.Function, managed.Regressor.Function, image);
        var actual = Analyze(onnxRuntime.FaceBoxes.Function, onnxRuntime.Regressor.Function, image);
        Assert.NotEmpty(expected.Faces);
        Assert.Equal(expected.Faces.Count, actual.Faces.Count);
        double worst = 0;
        for (int f = 0; f < expected.Faces.Count; f++)
        {
            var a = expected.Faces[f].Alignment.Landmarks3D;
            var b = actual.Faces[f].Alignment.Landmarks3D;
            Assert.Equal(a.Count, b.Count);
            for (int i = 0; i < a.Count; i++)
                worst = Math.Max(worst, Math.Max(Math.Abs(a[i].X - b[i].X), Math.Abs(a[i].Y - b[i].Y)));
        }
        output.WriteLine($"{photo}: {expected.Faces.Count} faces, max landmark difference {worst:E2} px");
        Assert.InRange(worst, 0, 1e-3);
    }

    private ImageAnalysis Analyze(NetworkFunction faceBoxes, NetworkFunction regressor, Image image) =>
        new FaceAnalyzer(new FaceBoxesDetector(faceBoxes, (i, w, h) => ImageResize.Resize(i, w, h)),
            new TddfaAligner(regressor, new TddfaReconstruction(managed.Bfm))).Analyze(image);

    private static double MaxDifference(float[] a, float[] b) => a.Zip(b, (x, y) => (double)Math.Abs(x - y)).DefaultIfEmpty(0).Max();
}
