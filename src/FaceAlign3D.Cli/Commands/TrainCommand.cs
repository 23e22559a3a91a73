using System.CommandLine;
using FaceAlign3D.Training.Config;
using FaceAlign3D.Training.Runtime;
using FaceAlign3D.Training.Trainer;

namespace FaceAlign3D.Cli.Commands;

/// <summary>
/// `facealign train <config.yaml>` and `facealign train --resume <run folder>` (docs/training.md). Only
/// this command touches the training assembly, so LibTorch loads for training alone.
/// </summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var config = new Argument<string?>("config") { Description = "training config (YAML; schema in docs/training.md)", Arity = ArgumentArity.ZeroOrOne };
        var resume = new Option<string?>("--resume") { Description = "continue the run in this folder from its last checkpoint" };
        var command = new Command("train", "Train or fine-tune the 62-parameter regressor with TorchSharp and export it to ONNX") { config, resume };
        command.SetAction(parse => Run(parse.GetValue(config), parse.GetValue(resume)));
        return command;
    }

    private static int Run(string? config, string? resume)
    {
        if ((config is null) == (resume is null))
            return CliErrors.Report("give either a config file or --resume <run folder>");
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        try
        {
            var summary = resume is null ? TrainingRun.Start(config!, Console.Error, cancel.Token) : TrainingRun.Resume(resume, Console.Error, cancel.Token);
            Console.WriteLine($"model: {summary.ModelPath}");
            Console.WriteLine($"sha256: {summary.ModelSha256}");
            Console.WriteLine($"steps: {summary.Steps}, last loss {summary.LastTrainLoss:G5}" + (summary.LastValidationNme is { } nme ? $", dev NME {nme:F3}%" : ""));
            if (summary.SkippedInputs > 0)
                Console.Error.WriteLine($"{summary.SkippedInputs} inputs skipped (listed in {Path.Combine(summary.RunFolder, "skipped.txt")})");
            return 0;
        }
        catch (OperationCanceledException)
        {
            return CliErrors.Report("interrupted; continue with --resume");
        }
        catch (Exception e) when (e is TrainingConfigException or TrainingDivergedException or TrainingRuntimeException || CliErrors.IsUserError(e))
        {
            return CliErrors.Report(e.Message);
        }
    }
}
