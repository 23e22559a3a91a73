using System.CommandLine;
using System.Diagnostics;
using FaceAlign3D.Alignment;
using FaceAlign3D.Pipeline;
using FaceAlign3D.Pipeline.Batches;

namespace FaceAlign3D.Cli.Commands;

/// <summary>`facealign align`: detect and align every face of photos; write JSON, CSV, overlays and meshes.</summary>
public static class AlignCommand
{
    public static Command Create(CliServices services)
    {
        var inputs = new Argument<string[]>("inputs") { Description = "image files or folders of images", Arity = ArgumentArity.OneOrMore };
        var detector = new Option<string?>("--detector") { Description = "faceboxes | ultralight | ultralight640 | blazeface (default: faceboxes for tddfa, blazeface for mediapipe)" };
        detector.AcceptOnlyFromAmong([.. AnalyzerFactory.DetectorNames]);
        var aligner = new Option<string>("--aligner") { Description = "tddfa | mediapipe", DefaultValueFactory = _ => "tddfa" };
        aligner.AcceptOnlyFromAmong([.. AnalyzerFactory.AlignerNames]);
        var roi = new Option<string?>("--roi") { Description = "align this face box x1,y1,x2,y2 (pixels) instead of detecting" };
        var output = new Option<string>("--output", "-o") { Description = "output folder", DefaultValueFactory = _ => "out" };
        var format = new Option<string>("--format") { Description = "comma-separated: json,csv,png,obj,ply,parquet", DefaultValueFactory = _ => "json,csv,png" };
        var threads = new Option<int>("--threads") { Description = "images processed in parallel", DefaultValueFactory = _ => Environment.ProcessorCount };
        var bfm = new Option<string?>("--bfm") { Description = "full BFM (3DDFA_V2 bfm_noneck_v3.pkl) for dense identity/expression meshes" };
        var fit = new Option<string?>("--fit") { Description = "also fit a face model to each face's landmarks: ict (writes <name>.face<k>.fit.json/.obj/.ply, docs/fit-output.md)" };
        var contour = new Option<string>("--contour") { Description = "jaw landmarks on a turned face: fixed (model vertices, 3DDFA/AFLW2000-3D) | silhouette (tddfa: the visible outline, 300-W)", DefaultValueFactory = _ => "fixed" };
        contour.AcceptOnlyFromAmong([.. ContourConventions.Names]);
        var model = RegressorModelOption.Create();
        var minFace = MinFaceOption.Create();
        var resume = new Option<bool>("--resume") { Description = "continue an interrupted run into the same --output: skip the images it finished, redo the others" };
        var shardSize = new Option<int>("--shard-size") { Description = "images per Parquet file of --format parquet (align-00000.parquet, ...)", DefaultValueFactory = _ => AlignBatchSettings.DefaultShardSize };
        var command = new Command("align", "Detect faces and regress 68 3D landmarks and head pose") { inputs, detector, aligner, roi, output, format, threads, bfm, fit, contour, model, minFace, resume, shardSize };
        var engine = new EngineOptions(command);
        command.SetAction(parse => Run(services, new Settings(
            parse.GetValue(inputs)!, parse.GetValue(detector), parse.GetValue(aligner)!, parse.GetValue(roi),
            parse.GetValue(output)!, parse.GetValue(format)!, parse.GetValue(threads), parse.GetValue(bfm), parse.GetValue(fit), parse.GetValue(contour)!, parse.GetValue(model), parse.GetValue(minFace), engine.Engine(parse),
            parse.GetValue(resume), parse.GetValue(shardSize))));
        return command;
    }

    private sealed record Settings(string[] Inputs, string? Detector, string Aligner, string? Roi, string Output, string Format, int Threads, string? Bfm, string? Fit,
        string Contour, string? Model, int? MinFace, INetworkEngine Engine, bool Resume, int ShardSize);

    private static int Run(CliServices services, Settings s)
    {
        AlignBatchSettings batchSettings;
        AnalyzerOptions options;
        try
        {
            if (s.Fit is not null && !s.Fit.Equals("ict", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"--fit {s.Fit}: unknown model (available: ict)");
            if (s.Threads < 1)
                throw new ArgumentException("--threads must be at least 1");
            if (s.ShardSize < 1)
                throw new ArgumentException("--shard-size must be at least 1");
            var alignerKind = AnalyzerFactory.ParseAligner(s.Aligner);
            var detectorKind = s.Detector is null ? AnalyzerFactory.DefaultDetector(alignerKind) : AnalyzerFactory.ParseDetector(s.Detector);
            options = new AnalyzerOptions { Detector = detectorKind, Aligner = alignerKind, FullBfmPath = s.Bfm, Contour = ContourConventions.Parse(s.Contour), TddfaRegressorPath = RegressorModelOption.Resolve(s.Model, alignerKind, services.OpenStore), Engine = s.Engine, MinFaceSize = MinFaceOption.Validate(s.MinFace) };
            var outputs = AlignOutputs.Parse(s.Format, AnalyzerFactory.Name(detectorKind), s.Aligner);
            batchSettings = new AlignBatchSettings
            {
                OutputFolder = s.Output,
                Outputs = outputs,
                Analyze = new AnalyzeSettings { Roi = s.Roi is null ? null : AlignOutputs.ParseBox(s.Roi), WithMesh = outputs.NeedsMesh },
                Fit = s.Fit is not null,
                Resume = s.Resume,
                ShardSize = s.ShardSize,
                ModelNote = $"model={options.TddfaRegressorPath} bfm={s.Bfm}" + (options.Contour == ContourConvention.Fixed ? "" : $" contour={s.Contour}"),
            };
            Directory.CreateDirectory(s.Output);
        }
        catch (Exception e) when (CliErrors.IsUserError(e))
        {
            return CliErrors.Report(services.Error, e);
        }

        var (files, missing) = InputFiles.Expand(s.Inputs);
        foreach (var m in missing)
            services.Error.WriteLine($"{m}: no such file or folder");
        if (files.Count == 0)
        {
            services.Error.WriteLine("error: no input images");
            return CliErrors.UserError;
        }

        IReadOnlyList<BatchItemResult> results;
        var timer = Stopwatch.StartNew();
        try
        {
            using var batch = AlignBatch.Start(files, batchSettings);
            int workers = Math.Max(1, Math.Min(s.Threads, batch.Pending.Count));
            using (var toolkit = FaceToolkit.Open(services.OpenStore(), options, analyzers: batch.Pending.Count == 0 ? 0 : workers, loadFaceModel: s.Fit is not null))
                ParallelProgress.For(services, "aligning", batch.Pending.Count, workers, i => batch.Process(batch.Pending[i], toolkit));
            results = batch.Finish();
        }
        catch (Exception e) when (CliErrors.IsUserError(e))
        {
            return CliErrors.Report(services.Error, e);
        }
        timer.Stop();

        foreach (var failed in results.Where(o => o.Error is not null))
            services.Error.WriteLine($"{failed.File}: {failed.Error}");
        BatchSummaryTable.Print(services, results, timer.Elapsed, s.Output, "images", "faces");
        return missing.Count > 0 || results.Any(o => o.Error is not null) ? CliErrors.SomeInputsFailed : 0;
    }
}
