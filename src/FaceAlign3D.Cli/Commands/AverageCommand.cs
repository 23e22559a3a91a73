using System.CommandLine;
using FaceAlign3D.Pipeline;

namespace FaceAlign3D.Cli.Commands;

/// <summary>
/// `facealign train average <model> <model>... --output FILE` (docs/training.md): parses the arguments, resolves
/// model ids like `--model`, and hands them to the training assembly.
/// </summary>
public static class AverageCommand
{
    public static Command Create(CliServices services)
    {
        var models = new Argument<string[]>("models") { Description = "two or more regressors fine-tuned from the same weights: ONNX files or model ids", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "the averaged model's ONNX file", Required = true };
        var command = new Command("average", "Average the weights of regressors fine-tuned from the same start into one model of the same graph (a model soup)")
        {
            models, output,
        };
        command.SetAction(parse => Run(services, parse.GetValue(models)!, parse.GetValue(output)!));
        return command;
    }

    private static int Run(CliServices services, string[] models, string output)
    {
        string[] paths;
        try
        {
            paths = models.Select(m => RegressorModelOption.Resolve(m, AlignerKind.Tddfa, services.OpenStore)!).ToArray();
        }
        catch (Exception e) when (CliErrors.IsUserError(e))
        {
            return CliErrors.Report(services.Error, e);
        }
        var method = PluginAssembly.Training.TryLoad("AverageCommandLine", "Run", out string searched);
        if (method is null)
            return CliErrors.Report(services.Error, PluginAssembly.Training.Missing(searched));
        var average = method.CreateDelegate<Func<string[], string, TextWriter, TextWriter, int>>();
        return average(paths, output, services.Out, services.Error);
    }
}
