namespace FaceAlign3D.Tests.Cli;

/// <summary>`facealign train` parsing and its one-line errors; training itself is tested in FaceAlign3D.Training.Tests.</summary>
public class TrainCommandTests
{
    private readonly CliRunner _cli = new(new FaceAlign3D.Models.ModelStore([]));

    [Fact]
    public void A_config_with_an_unknown_key_is_a_one_line_error_naming_it()
    {
        string config = Path.Combine(Path.GetTempPath(), $"facealign3d-train-{Environment.ProcessId}.yaml");
        File.WriteAllText(config, "data:\n  sets:\n    - kind: ibug\n      path: faces\noptimizr:\n  kind: sgd\n");
        try
        {
            var (code, error) = _cli.Run("train", config);
            Assert.Equal(2, code);
            Assert.Equal($"error: {config}: line 5: unknown key 'optimizr'", error.Trim());
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public void Config_and_resume_together_are_refused()
    {
        var (code, error) = _cli.Run("train", "a.yaml", "--resume", "run");
        Assert.Equal(2, code);
        Assert.Contains("either a config file or --resume", error);
    }
}
