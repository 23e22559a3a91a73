using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Formats;
using FaceAlign3D.Imaging;
using FaceAlign3D.Models;
using FaceAlign3D.OnnxRuntime;
using FaceAlign3D.Video;

namespace FaceAlign3D.Cli;

/// <summary>Which exceptions are the user's to fix (reported as one line) rather than bugs (reported with a trace).</summary>
internal static class CliErrors
{
    public const int UserError = 2;
    public const int SomeInputsFailed = 1;

    public static bool IsUserError(Exception e) => e is ImageFormatException or ModelFormatException or ModelNotFoundException
        or VideoException or EvaluationDataException or ArgumentException or IOException or UnauthorizedAccessException
        or InvalidDataException or NotSupportedException or OnnxRuntimeBackendException;

    /// <summary>Prints a one-line error and returns the exit code for it.</summary>
    public static int Report(TextWriter error, Exception e) => Report(error, e.Message);

    /// <summary>Prints a one-line error message and returns the user-error exit code.</summary>
    public static int Report(TextWriter error, string message)
    {
        error.WriteLine($"error: {message}");
        return UserError;
    }
}
