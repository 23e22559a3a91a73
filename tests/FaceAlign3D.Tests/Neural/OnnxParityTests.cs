using FaceAlign3D.Formats;
using FaceAlign3D.Neural;

namespace FaceAlign3D.Tests.Neural;

/// <summary>Every output element within 1e-4 * max(1, |reference|) of ONNX Runtime 1.30 on the shared reference cases.</summary>
[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class OnnxParityTests
{
    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (folder, model) in Models)
            foreach (var input in Directory.GetFiles(SharedData.PathOf("reference", "onnx", folder), "*.input.npy").Order())
                data.Add(folder, model, Path.GetFileName(input)[..^".input.npy".Length]);
        return data;
    }

    private static readonly (string Folder, string Model)[] Models =
    [
        ("mb05_120x120", Path.Combine("tddfa_v2", "mb05_120x120.onnx")),
        ("faceboxes_prod", Path.Combine("tddfa_v2", "faceboxes_prod.onnx")),
        ("version-RFB-320", Path.Combine("ultralight", "version-RFB-320.onnx")),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_onnx_runtime(string folder, string model, string caseName)
    {
        string dir = SharedData.PathOf("reference", "onnx", folder);
        var input = NpyReader.ReadFloat(Path.Combine(dir, caseName + ".input.npy"));
        using var session = InferenceSession.Load(SharedData.PathOf("models", model), new SessionOptions
        {
            InputShapes = new Dictionary<string, int[]> { ["input"] = input.Shape },
        });
        var outputs = session.Run(input.Data.AsMemory());
        Assert.Equal(session.Outputs.Count, outputs.Length);
        for (int o = 0; o < outputs.Length; o++)
        {
            var reference = NpyReader.ReadFloat(Path.Combine(dir, $"{caseName}.output{o}.npy"));
            Assert.Equal(reference.Shape, session.Outputs[o].Shape);
            AssertClose(reference.Data, outputs[o], $"{folder}/{caseName} output {o}");
        }
    }

    internal static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        int worst = -1;
        double worstRatio = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double ratio = Math.Abs(expected[i] - actual[i]) / (1e-4 * Math.Max(1, Math.Abs(expected[i])));
            if (!(ratio <= worstRatio)) { worstRatio = ratio; worst = i; }
        }
        Assert.True(worstRatio <= 1, $"{what}: element {worst} is {(worst >= 0 ? actual[worst] : 0)}, reference {(worst >= 0 ? expected[worst] : 0)} ({worstRatio:F2}x the tolerance)");
    }
}
