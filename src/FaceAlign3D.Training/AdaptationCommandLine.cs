using FaceAlign3D.Formats;
using FaceAlign3D.Imaging;
using FaceAlign3D.Models;
using FaceAlign3D.Training.Adaptation;
using FaceAlign3D.Training.Runtime;
using FaceAlign3D.Training.Trainer;
using FaceAlign3D.Video;

namespace FaceAlign3D.Training;

/// <summary>
/// What `facealign adapt` does once its arguments are parsed: track the person in the video, adapt the regressor
/// to them, write DIR/model.onnx and summary.json, and turn the user's errors into one line. The CLI reaches it by
/// name (the training assembly is loaded only for this command), so its signature takes only framework types.
/// </summary>
public static class AdaptationCommandLine
{
    public const int Ok = 0, UserError = 2;

    /// <param name="input">A video file or a folder of frames.</param>
    /// <param name="output">The folder for model.onnx and summary.json (created; an existing model.onnx is replaced).</param>
    /// <param name="regressor">The regressor to adapt (an ONNX file with mb05's contract), or null for the store's mb05.</param>
    /// <param name="steps">Adam steps, or null for <see cref="AdaptationSettings"/>'s default.</param>
    /// <param name="temporalWeight">Weight of the temporal term (the consistency term weighs 1), or null for the default.</param>
    /// <param name="stdout">Gets the model path, its sha256 and the loss terms at start and end.</param>
    /// <param name="error">Gets progress and the one-line error.</param>
    /// <param name="cancellation">Stops the run (exit code 2).</param>
    public static int Run(string input, string output, string? regressor, int? steps, double? temporalWeight, TextWriter stdout, TextWriter error, CancellationToken cancellation)
    {
        try
        {
            if (!File.Exists(input) && !Directory.Exists(input))
                throw new FileNotFoundException($"{input}: no such video or image folder", input);
            if (File.Exists(output))
                throw new ArgumentException($"--output {output} is a file; give a folder");
            var defaults = new AdaptationSettings();
            var settings = defaults with { Steps = steps ?? defaults.Steps, TemporalWeight = temporalWeight ?? defaults.TemporalWeight };
            settings.Validate();
            Directory.CreateDirectory(output);
            string baseRegressor = regressor ?? ModelStore.CreateDefault().PathOf(ModelFiles.TddfaRegressor);
            var clip = PersonClip.Read(input, baseRegressor, cancellation);
            error.WriteLine($"{input}: {clip.FramesRead} frames, {clip.Tracks} track(s); adapting to track {clip.TrackId} ({clip.Frames.Count} frames)");
            var summary = PersonAdaptation.Run(clip, baseRegressor, output, settings, error, cancellation);
            stdout.WriteLine($"model: {summary.ModelPath}");
            stdout.WriteLine($"sha256: {summary.ModelSha256}");
            stdout.WriteLine($"temporal {summary.FirstTemporal:E3} -> {summary.LastTemporal:E3}, consistency {summary.FirstTeacher:E3} -> {summary.LastTeacher:E3}");
            return Ok;
        }
        catch (OperationCanceledException)
        {
            return Fail(error, "interrupted");
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or VideoException or ModelFormatException
            or ModelNotFoundException or ImageFormatException or TrainingDivergedException or TrainingRuntimeException)
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
