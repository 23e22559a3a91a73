using FaceAlign3D.Models;
using Spectre.Console;

namespace FaceAlign3D.Cli;

/// <summary>What the commands are given instead of reaching for the process: the model store they open and where they print.</summary>
public sealed class CliServices(Func<ModelStore> openStore, TextWriter output, TextWriter error, string? installFolder = null)
{
    /// <summary>The process's default store (FACEALIGN3D_MODELS, ./models, ...), its console and install folder, as they are when called.</summary>
    public static CliServices Default => new(ModelStore.CreateDefault, Console.Out, Console.Error, Environment.GetEnvironmentVariable(ModelStore.EnvironmentVariable));

    public Func<ModelStore> OpenStore { get; } = openStore;
    public TextWriter Out { get; } = output;
    public TextWriter Error { get; } = error;

    /// <summary>Where `models fetch` installs by default: the given folder, else the per-user folder.</summary>
    public string InstallFolder { get; } = installFolder ?? ModelStore.UserFolder ?? "models";

    /// <summary>Tables and progress bars, drawn on <see cref="Out"/>.</summary>
    public IAnsiConsole Ansi { get; } = ReferenceEquals(output, Console.Out)
        ? AnsiConsole.Console
        : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.No, Ansi = AnsiSupport.No });
}
