using System.Runtime.ExceptionServices;
using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Imaging;

namespace FaceAlign3D.Evaluation.Live;

/// <summary>
/// Predictions made by running a live aligner over every sample of an AFLW2000-3D dataset, in parallel over
/// images. Items whose inputs are unusable (missing or corrupt file, no roi box, non-finite network output)
/// have no prediction; <see cref="Find"/> gives the reason and the evaluator counts them as failed.
/// </summary>
internal sealed class LivePredictions : IPredictionSource
{
    private readonly Dictionary<string, ImagePrediction> _predictions;
    private readonly Dictionary<string, string> _problems;

    private LivePredictions(Dictionary<string, ImagePrediction> predictions, Dictionary<string, string> problems)
    {
        _predictions = predictions;
        _problems = problems;
    }

    /// <summary>Problems are reported per image through <see cref="Find"/>, so none are listed here.</summary>
    public IReadOnlyList<DatasetIssue> Issues => [];

    public ImagePrediction? Find(string image, out string problem)
    {
        if (_predictions.TryGetValue(image, out var prediction))
        {
            problem = "";
            return prediction;
        }
        problem = _problems.TryGetValue(image, out var reason) ? reason : "not predicted";
        return null;
    }

    /// <summary>
    /// Predicts every sample with <paramref name="threads"/> worker threads, each with its own predictor from
    /// <paramref name="createPredictor"/> (engine sessions serialise their runs, so workers must not share one).
    /// <paramref name="progress"/> receives the number of samples done so far, from the worker threads.
    /// </summary>
    public static LivePredictions Run(
        Aflw2000Dataset dataset,
        Func<IAflw2000Predictor> createPredictor,
        int threads,
        IProgress<int>? progress = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(createPredictor);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var samples = dataset.Samples;
        var results = new ImagePrediction?[samples.Count];
        var problems = new string?[samples.Count];
        int next = -1, done = 0;
        ExceptionDispatchInfo? failure = null;

        void Work()
        {
            try
            {
                using var predictor = createPredictor();
                for (int i = Interlocked.Increment(ref next); i < samples.Count && Volatile.Read(ref failure) is null; i = Interlocked.Increment(ref next))
                {
                    cancellation.ThrowIfCancellationRequested();
                    try { results[i] = predictor.Predict(dataset, samples[i]); }
                    catch (Exception e) when (e is EvaluationDataException or ImageFormatException or ArgumentException)
                    {
                        problems[i] = e.Message;
                    }
                    progress?.Report(Interlocked.Increment(ref done));
                }
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
            }
        }

        var workers = Enumerable.Range(0, Math.Min(threads, Math.Max(1, samples.Count)))
            .Select(_ => new Thread(Work) { IsBackground = true, Name = "aflw2000-live" })
            .ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        failure?.Throw();

        var byImage = new Dictionary<string, ImagePrediction>(StringComparer.Ordinal);
        var problemByImage = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < samples.Count; i++)
        {
            if (results[i] is { } r) byImage[samples[i].Image] = r;
            else problemByImage[samples[i].Image] = problems[i] ?? "not predicted";
        }
        return new LivePredictions(byImage, problemByImage);
    }
}
