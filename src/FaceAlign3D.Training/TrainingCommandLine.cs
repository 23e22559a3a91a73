using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Imaging;
using FaceAlign3D.Models;
using FaceAlign3D.Formats;
using FaceAlign3D.Training.Config;
using FaceAlign3D.Training.Runtime;
using FaceAlign3D.Training.Trainer;
using FaceAlign3D.Video;

namespace FaceAlign3D.Training;

/// <summary>
/// What `facealign train` does once its arguments are parsed: start or resume a run, print the model and
/// its sha256, and turn the user's errors into one line. The CLI reaches it by name (the training assembly
/// is loaded only for this command), so its signature takes only framework types.
/// </summary>
public static class TrainingCommandLine
{
    public const int Ok = 0, InputsSkipped = 1, UserError = 2;

    public static int Run(string? config, string? resume, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        if ((config is null) == (resume is null))
            return Fail(error, "give either a config file or --resume <run folder>");
        try
        {
            var summary = resume is null ? TrainingRun.Start(config!, error, cancellation) : TrainingRun.Resume(resume, error, cancellation);
            output.WriteLine($"model: {summary.ModelPath}");
            output.WriteLine($"sha256: {summary.ModelSha256}");
            output.WriteLine($"steps: {summary.Steps}, last loss {summary.LastTrainLoss:G5}" + (summary.LastValidationNme is { } nme ? $", dev NME {nme:F3}%" : ""));
            if (summary.SkippedInputs == 0) return Ok;
            error.WriteLine($"{summary.SkippedInputs} inputs skipped (listed in {Path.Combine(summary.RunFolder, "skipped.txt")})");
            return InputsSkipped;
        }
        catch (OperationCanceledException)
        {
            return Fail(error, "interrupted; continue with --resume");
        }
        catch (Exception e) when (e is TrainingConfigException or TrainingDivergedException or TrainingRuntimeException or ModelFormatException
            or ModelNotFoundException or EvaluationDataException or ImageFormatException or VideoException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            return Fail(error, e.Message);
        }
    }

    static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"error: {message.Split('\n')[0]}");
        return UserError;
    }
}
