using System.CommandLine;

namespace FaceAlign3D.Cli;

/// <summary>Builds the `facealign` command tree; each verb lives in its own file.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("FaceAlign3D: 3D face alignment, fitting, tracking and evaluation in pure .NET");
        root.Subcommands.Add(Commands.AlignCommand.Create());
        root.Subcommands.Add(Commands.BenchCommand.Create());
        root.Subcommands.Add(Commands.ModelsCommand.Create());
        root.Subcommands.Add(Commands.EvalCommand.Create());
        root.Subcommands.Add(Commands.FitCommand.Create());
        root.Subcommands.Add(Commands.TrackCommand.Create());
        root.Subcommands.Add(Commands.ServeCommand.Create());
        return await root.Parse(args).InvokeAsync();
    }
}
