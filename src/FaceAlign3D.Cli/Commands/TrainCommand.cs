using System.CommandLine;

namespace FaceAlign3D.Cli.Commands;

/// <summary>
/// `facealign train <config.yaml>` and `facealign train --resume <run folder>` (docs/training.md): parses the
/// arguments and hands them to the training assembly, which is loaded for this command only.
/// </summary>
public static class TrainCommand
{
    public static Command Create(CliServices services)
    {
        var config = new Argument<string?>("config") { Description = "training config (YAML; schema in docs/training.md)", Arity = ArgumentArity.ZeroOrOne };
        var resume = new Option<string?>("--resume") { Description = "continue the run in this folder from its last checkpoint" };
        var command = new Command("train", "Train or fine-tune the 62-parameter regressor with TorchSharp and export it to ONNX") { config, resume, AverageCommand.Create(services) };
        command.SetAction(parse => Run(services, parse.GetValue(config), parse.GetValue(resume)));
        return command;
    }

    private static int Run(CliServices services, string? config, string? resume)
    {
        var method = PluginAssembly.Training.TryLoad("TrainingCommandLine", "Run", out string searched);
        if (method is null)
            return CliErrors.Report(services.Error, PluginAssembly.Training.Missing(searched));
        var train = method.CreateDelegate<Func<string?, string?, TextWriter, TextWriter, CancellationToken, int>>();
        return ConsoleCancellation.Run(cancel => train(config, resume, services.Out, services.Error, cancel));
    }
}
