namespace FaceAlign3D.Tests.Cli;

/// <summary>`facealign serve` refuses unsafe or invalid settings with one line before it listens.</summary>
public sealed class ServeCommandTests
{
    private readonly CliRunner _cli = new(new FaceAlign3D.Models.ModelStore([]));

    [Fact]
    public void A_non_loopback_host_without_an_api_key_is_a_usage_error()
    {
        Assert.Null(Environment.GetEnvironmentVariable(FaceAlign3D.Cli.Commands.ServeCommand.ApiKeyVariable));
        var (code, error) = _cli.Run("serve", "--host", "0.0.0.0", "--port", "0");
        Assert.Equal(2, code);
        Assert.Contains("--api-key", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void A_port_out_of_range_is_a_usage_error()
    {
        var (code, error) = _cli.Run("serve", "--port", "70000");
        Assert.Equal(2, code);
        Assert.Contains("--port 70000", error);
    }
}
