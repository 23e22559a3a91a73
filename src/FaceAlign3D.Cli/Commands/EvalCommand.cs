using System.CommandLine;

namespace FaceAlign3D.Cli.Commands;

/// <summary>`facealign eval`: benchmark evaluations (live on a dataset, or of prediction files).</summary>
public static class EvalCommand
{
    public static Command Create(CliServices services) => new("eval", "Evaluate landmark predictions against ground truth")
    {
        EvalAflw2000Command.Create(services),
        EvalPredictionsCommand.Create(services),
    };
}
