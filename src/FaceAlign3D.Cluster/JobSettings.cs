using FaceAlign3D.Pipeline;
using FaceAlign3D.Pipeline.Batches;

namespace FaceAlign3D.Cluster;

/// <summary>
/// What a worker does to each item of a job: the toolkit it needs (options, pooled analyzers, face model) and the
/// application-layer call it makes, from (toolkit, input, worker name) to the item's ledger entry with its outputs in place.
/// </summary>
internal sealed record JobWork(AnalyzerOptions Options, int Analyzers, bool LoadFaceModel, Func<FaceToolkit, string, string, BatchEntry> Run);

/// <summary>The work of a job, as `facealign align` and `facealign track` read the same options.</summary>
internal static class JobSettings
{
    /// <summary>Per-image formats: summary.csv and Parquet need the whole batch, which `facealign align` writes.</summary>
    public static readonly string[] Formats = ["json", "png", "obj", "ply"];

    /// <summary>The work of <paramref name="job"/> for a silo that works on <paramref name="workers"/> items at once; refuses settings a cluster job cannot have.</summary>
    public static JobWork Parse(AlignJob job, int workers = 1)
    {
        var aligner = AnalyzerFactory.ParseAligner(job.Aligner);
        if (job.Track)
        {
            var track = new TrackItemSettings(new TrackSettings
            {
                Run = new TrackRunOptions { OutputDirectory = job.Output, WriteVideo = !job.NoVideo },
                Fit = job.Fit,
            }, TrackBatchSettings.DefaultFolderFrameRate);
            // Tracking builds its own networks per clip: no pooled analyzers.
            return new JobWork(new AnalyzerOptions { Aligner = aligner }, 0, job.Fit, (toolkit, input, worker) => TrackItem.Run(toolkit, input, job.Output, track, worker));
        }
        var detector = job.Detector is null ? AnalyzerFactory.DefaultDetector(aligner) : AnalyzerFactory.ParseDetector(job.Detector);
        var outputs = AlignOutputs.Parse(job.Format, AnalyzerFactory.Name(detector), job.Aligner);
        var batchOnly = AlignOutputs.Formats.Except(Formats).Where(outputs.Has).ToList();
        if (batchOnly.Count > 0)
            throw new ArgumentException($"--format {string.Join(",", batchOnly)}: a cluster job writes {string.Join(",", Formats)} (summaries come from `facealign align`)");
        var analyze = new AnalyzeSettings { Roi = job.Roi is null ? null : AlignOutputs.ParseBox(job.Roi), WithMesh = outputs.NeedsMesh };
        var item = new AlignItemSettings(outputs, analyze, job.Fit);
        return new JobWork(new AnalyzerOptions { Aligner = aligner, Detector = detector }, workers, job.Fit, (toolkit, input, worker) => AlignItem.Run(toolkit, input, job.Output, item, worker));
    }
}
