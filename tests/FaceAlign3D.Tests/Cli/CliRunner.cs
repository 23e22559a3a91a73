using FaceAlign3D.Cli;

namespace FaceAlign3D.Tests.Cli;

/// <summary>Runs the `facealign` command in-process and captures what it writes to standard error.</summary>
internal static class CliRunner
{
    public static (int Code, string Error) Run(params string[] args)
    {
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            return (CliApp.RunAsync(args).GetAwaiter().GetResult(), error.ToString());
        }
        finally
        {
            Console.SetError(previous);
        }
    }
}
