using System.CommandLine;
using FaceAlign3D.Pipeline;

namespace FaceAlign3D.Cli.Commands;

/// <summary>
/// `facealign adapt <video> --output DIR` (docs/training.md): parses the arguments and hands them to the training
/// assembly, which is loaded for this command only.
/// </summary>
public static class AdaptCommand
{
    public static Command Create(CliServices services)
    {
        var input = new Argument<string>("video") { Description = "one person's unlabeled video, or a folder of its frames" };
        var output = new Option<string>("--output", "-o") { Description = "folder for the adapted model.onnx and summary.json", Required = true };
        var model = RegressorModelOption.Create();
        var steps = new Option<int?>("--steps") { Description = "Adam steps, each on 16 consecutive frames (default 150)" };
        var temporal = new Option<double?>("--temporal-weight") { Description = "weight of the temporal term against the consistency term's 1 (default 20)" };
        var command = new Command("adapt", "Adapt the tddfa regressor to one person's video (temporal and consistency terms) for `track --model DIR/model.onnx`")
        {
            input, output, model, steps, temporal,
        };
        command.SetAction(parse => Run(services, parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(model), parse.GetValue(steps), parse.GetValue(temporal)));
        return command;
    }

    private static int Run(CliServices services, string input, string output, string? model, int? steps, double? temporalWeight)
    {
        string? regressor;
        try
        {
            regressor = RegressorModelOption.Resolve(model, AlignerKind.Tddfa, services.OpenStore);
        }
        catch (Exception e) when (CliErrors.IsUserError(e))
        {
            return CliErrors.Report(services.Error, e);
        }
        var method = PluginAssembly.Training.TryLoad("AdaptationCommandLine", "Run", out string searched);
        if (method is null)
            return CliErrors.Report(services.Error, PluginAssembly.Training.Missing(searched));
        var adapt = method.CreateDelegate<Func<string, string, string?, int?, double?, TextWriter, TextWriter, CancellationToken, int>>();
        return ConsoleCancellation.Run(cancel => adapt(input, output, regressor, steps, temporalWeight, services.Out, services.Error, cancel));
    }
}
