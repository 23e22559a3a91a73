using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FaceAlign3D.Alignment;
using FaceAlign3D.Imaging;
using FaceAlign3D.Pipeline;
using Spectre.Console;

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
        var format = new Option<string>("--format") { Description = "comma-separated: json,csv,png,obj,ply", DefaultValueFactory = _ => "json,csv,png" };
        var threads = new Option<int>("--threads") { Description = "images processed in parallel", DefaultValueFactory = _ => Environment.ProcessorCount };
        var bfm = new Option<string?>("--bfm") { Description = "full BFM (3DDFA_V2 bfm_noneck_v3.pkl) for dense identity/expression meshes" };
        var fit = new Option<string?>("--fit") { Description = "also fit a face model to each face's landmarks: ict (writes <name>.face<k>.fit.json/.obj/.ply, docs/fit-output.md)" };
        var model = RegressorModelOption.Create();
        var command = new Command("align", "Detect faces and regress 68 3D landmarks and head pose") { inputs, detector, aligner, roi, output, format, threads, bfm, fit, model };
        var engine = new EngineOptions(command);
        command.SetAction(parse => Run(services, new Settings(
            parse.GetValue(inputs)!, parse.GetValue(detector), parse.GetValue(aligner)!, parse.GetValue(roi),
            parse.GetValue(output)!, parse.GetValue(format)!, parse.GetValue(threads), parse.GetValue(bfm), parse.GetValue(fit), parse.GetValue(model), engine.Engine(parse))));
        return command;
    }

    private sealed record Settings(string[] Inputs, string? Detector, string Aligner, string? Roi, string Output, string Format, int Threads, string? Bfm, string? Fit, string? Model, INetworkEngine Engine);

    private sealed record Outcome(string File, ImageAnalysis? Analysis, string? Error, double Milliseconds);

    private static int Run(CliServices services, Settings s)
    {
        AlignOutputs outputs;
        AnalyzeSettings analyze;
        AnalyzerOptions options;
        try
        {
            if (s.Fit is not null && !s.Fit.Equals("ict", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"--fit {s.Fit}: unknown model (available: ict)");
            if (s.Threads < 1)
                throw new ArgumentException("--threads must be at least 1");
            var alignerKind = AnalyzerFactory.ParseAligner(s.Aligner);
            var detectorKind = s.Detector is null ? AnalyzerFactory.DefaultDetector(alignerKind) : AnalyzerFactory.ParseDetector(s.Detector);
            options = new AnalyzerOptions { Detector = detectorKind, Aligner = alignerKind, FullBfmPath = s.Bfm, TddfaRegressorPath = RegressorModelOption.Resolve(s.Model, alignerKind, services.OpenStore), Engine = s.Engine };
            outputs = AlignOutputs.Parse(s.Format, s.Output, AnalyzerFactory.Name(detectorKind), s.Aligner);
            analyze = new AnalyzeSettings { Roi = s.Roi is null ? null : AlignOutputs.ParseBox(s.Roi), WithMesh = outputs.NeedsMesh };
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

        int workers = Math.Min(s.Threads, files.Count);
        FaceToolkit toolkit;
        try
        {
            toolkit = FaceToolkit.Open(services.OpenStore(), options, analyzers: workers, loadFaceModel: s.Fit is not null);
        }
        catch (Exception e) when (CliErrors.IsUserError(e))
        {
            return CliErrors.Report(services.Error, e);
        }

        var outcomes = new Outcome[files.Count];
        var timer = Stopwatch.StartNew();
        using (toolkit)
            ParallelProgress.For(services, "aligning", files.Count, workers, i => outcomes[i] = Process(files[i], toolkit, analyze, outputs, fit: s.Fit is not null));
        timer.Stop();

        outputs.WriteSummary(outcomes.Select(o => (o.File, o.Analysis)));
        foreach (var failed in outcomes.Where(o => o.Error is not null))
            services.Error.WriteLine($"{failed.File}: {failed.Error}");
        PrintSummary(services, outcomes, timer.Elapsed, s.Output);
        return missing.Count > 0 || outcomes.Any(o => o.Error is not null) ? CliErrors.SomeInputsFailed : 0;
    }

    private static Outcome Process(string file, FaceToolkit toolkit, AnalyzeSettings analyze, AlignOutputs outputs, bool fit)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            var image = FaceToolkit.LoadImage(file);
            var analysis = toolkit.Analyze(image, analyze);
            outputs.Write(file, image, analysis, toolkit.AlignerModelSha256);
            if (fit)
            {
                // Scaled orthographic, as the aligner; the fit outputs go beside the align outputs.
                var aligned = FaceFitting.Aligned(Path.GetFileName(file), analysis);
                FitFiles.Write(toolkit.Fitting, aligned, toolkit.Fit(aligned), file, outputs.StemOf(file));
            }
            return new Outcome(file, analysis, null, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        catch (Exception e) when (CliErrors.IsUserError(e))
        {
            return new Outcome(file, null, e is ImageFormatException f ? f.Reason : e.Message, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }

    private static void PrintSummary(CliServices services, Outcome[] outcomes, TimeSpan elapsed, string output)
    {
        var table = new Table().AddColumns("images", "failed", "faces", "mean ms / image", "wall time", "output");
        var done = outcomes.Where(o => o.Analysis is not null).ToList();
        var c = CultureInfo.InvariantCulture;
        table.AddRow(outcomes.Length.ToString(c), (outcomes.Length - done.Count).ToString(c), done.Sum(o => o.Analysis!.Faces.Count).ToString(c),
            outcomes.Average(o => o.Milliseconds).ToString("0.0", c), elapsed.TotalSeconds.ToString("0.00 s", c), Markup.Escape(output));
        services.Ansi.Write(table);
    }
}
