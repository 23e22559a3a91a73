using FaceAlign3D.Pipeline;
using FaceAlign3D.Pipeline.Batches;

namespace FaceAlign3D.Cluster;

/// <summary>The analyzer and per-image settings of a job, as `facealign align` reads the same options.</summary>
internal static class JobSettings
{
    /// <summary>Per-image formats: summary.csv and Parquet need the whole batch, which `facealign align` writes.</summary>
    public static readonly string[] Formats = ["json", "png", "obj", "ply"];

    public static (AnalyzerOptions Options, AlignItemSettings Item) Parse(AlignJob job)
    {
        var aligner = AnalyzerFactory.ParseAligner(job.Aligner);
        var detector = job.Detector is null ? AnalyzerFactory.DefaultDetector(aligner) : AnalyzerFactory.ParseDetector(job.Detector);
        var outputs = AlignOutputs.Parse(job.Format, AnalyzerFactory.Name(detector), job.Aligner);
        var batchOnly = AlignOutputs.Formats.Except(Formats).Where(outputs.Has).ToList();
        if (batchOnly.Count > 0)
            throw new ArgumentException($"--format {string.Join(",", batchOnly)}: a cluster job writes {string.Join(",", Formats)} (summaries come from `facealign align`)");
        var analyze = new AnalyzeSettings { Roi = job.Roi is null ? null : AlignOutputs.ParseBox(job.Roi), WithMesh = outputs.NeedsMesh };
        return (new AnalyzerOptions { Aligner = aligner, Detector = detector }, new AlignItemSettings(outputs, analyze, Fit: false));
    }
}
