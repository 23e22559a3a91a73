using FaceAlign3D.Formats;
using FaceAlign3D.Models;
using FaceAlign3D.Training.Export;

namespace FaceAlign3D.Training;

/// <summary>
/// What `facealign train average` does once its arguments are parsed: average the regressors' weights into one
/// model (<see cref="WeightAverage"/>) and print it with its sha256. Reached by name like <see cref="TrainingCommandLine"/>.
/// </summary>
public static class AverageCommandLine
{
    /// <param name="models">Regressor ONNX files (paths resolved by the CLI).</param>
    /// <param name="output">The averaged model's file (written through a temporary file and a rename).</param>
    /// <param name="stdout">Gets the model path and its sha256.</param>
    /// <param name="error">Gets one line for a user error.</param>
    public static int Run(string[] models, string output, TextWriter stdout, TextWriter error)
    {
        try
        {
            WeightAverage.AverageFiles(models, output);
            stdout.WriteLine($"model: {Path.GetFullPath(output)}");
            stdout.WriteLine($"sha256: {FileChecksum.Sha256(output)}");
            return TrainingCommandLine.Ok;
        }
        catch (Exception e) when (e is ModelFormatException or ModelNotFoundException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message.Split('\n')[0]}");
            return TrainingCommandLine.UserError;
        }
    }
}
