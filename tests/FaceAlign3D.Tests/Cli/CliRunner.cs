using FaceAlign3D.Cli;
using FaceAlign3D.Models;

namespace FaceAlign3D.Tests.Cli;

/// <summary>
/// Runs the `facealign` command in-process with a model store of its own and captures what it prints: no test
/// touches the process environment or the console.
/// </summary>
internal sealed class CliRunner(ModelStore store)
{
    /// <summary>The default search order with <paramref name="modelsFolder"/> first, where FACEALIGN3D_MODELS would put it.</summary>
    public static CliRunner WithModels(string modelsFolder) =>
        new(new ModelStore(ModelStore.DefaultSearchFolders(modelsFolder, Directory.GetCurrentDirectory(), AppContext.BaseDirectory)));

    /// <summary>Exit code, standard output and standard error of one command line.</summary>
    public (int Code, string Out, string Error) Capture(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.RunAsync(args, new CliServices(() => store, output, error)).GetAwaiter().GetResult();
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Exit code and standard error.</summary>
    public (int Code, string Error) Run(params string[] args)
    {
        var (code, _, error) = Capture(args);
        return (code, error);
    }

    public Task<int> RunAsync(string[] args) => Task.FromResult(Capture(args).Code);
}
