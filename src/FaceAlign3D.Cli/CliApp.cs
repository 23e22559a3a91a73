using System.CommandLine;

namespace FaceAlign3D.Cli;

/// <summary>Builds the `facealign` command tree; each verb lives in its own file.</summary>
public static class CliApp
{
    /// <summary>Runs one command line with the given services (tests pass their own model store).</summary>
    public static async Task<int> RunAsync(string[] args, CliServices services)
    {
        var root = new RootCommand("FaceAlign3D: 3D face alignment, fitting, tracking and evaluation in pure .NET");
        root.Subcommands.Add(Commands.AlignCommand.Create(services));
        root.Subcommands.Add(Commands.BenchCommand.Create(services));
        root.Subcommands.Add(Commands.ModelsCommand.Create(services));
        root.Subcommands.Add(Commands.EvalCommand.Create(services));
        root.Subcommands.Add(Commands.FitCommand.Create(services));
        root.Subcommands.Add(Commands.TrackCommand.Create(services));
        root.Subcommands.Add(Commands.SynthCommand.Create(services));
        root.Subcommands.Add(Commands.TrainCommand.Create(services));
        root.Subcommands.Add(Commands.AdaptCommand.Create(services));
        root.Subcommands.Add(Commands.ClusterCommand.Create(services));
        root.Subcommands.Add(Commands.ServeCommand.Create(services));
        return await root.Parse(args).InvokeAsync();
    }
}
