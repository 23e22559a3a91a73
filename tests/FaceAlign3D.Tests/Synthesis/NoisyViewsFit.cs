using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FaceAlign3D.Pipeline;
using FaceAlign3D.Tests.Cli;

namespace FaceAlign3D.Tests.Synthesis;

/// <summary>
/// The joint-fit check of the multi-view sets: a detector's error (Gaussian noise of the given pixels) is added to the
/// exact landmarks of a views file, and `facealign fit --views` fits the noisy copy with that sigma.
/// </summary>
internal static class NoisyViewsFit
{
    /// <returns>the joint fit's identity and the noisy views (for single-view fits of the same landmarks).</returns>
    public static (double[] JointIdentity, IReadOnlyList<FitView> NoisyViews) Run(CliRunner cli, string viewsFile, string workDir, double noise, Random random)
    {
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var root = JsonSerializer.Deserialize<JsonObject>(File.ReadAllText(viewsFile))!;
        foreach (var view in root["views"]!.AsArray())
            foreach (var point in view!["landmarks68"]!.AsArray())
            {
                point![0] = point[0]!.GetValue<double>() + noise * Gaussian();
                point[1] = point[1]!.GetValue<double>() + noise * Gaussian();
            }
        string stem = Path.GetFileNameWithoutExtension(viewsFile);
        string noisy = Path.Combine(workDir, stem + "_noisy.json");
        File.WriteAllText(noisy, root.ToJsonString());
        string fitOutput = Path.Combine(workDir, "fits", stem);
        var (code, error) = cli.Run("fit", "--views", noisy, "--output", fitOutput, "--sigma", noise.ToString(CultureInfo.InvariantCulture));
        Assert.True(code == 0, error);
        using var fit = JsonDocument.Parse(File.ReadAllText(Directory.GetFiles(fitOutput, "*.fit.json").Single()));
        return ([.. fit.RootElement.GetProperty("identity").EnumerateArray().Select(x => x.GetDouble())], FitInputs.ReadViews(noisy));
    }
}
