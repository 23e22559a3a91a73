using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;
using FaceAlign3D.Export;
using FaceAlign3D.Geometry;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Models;
using FaceAlign3D.Pipeline;
using Spectre.Console;

namespace FaceAlign3D.Cli.Commands;

/// <summary>`facealign align`: detect and align every face of photos; write JSON, CSV, overlays and meshes.</summary>
public static class AlignCommand
{
    private static readonly string[] Formats = ["json", "csv", "png", "obj", "ply"];

    public static Command Create()
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
        var command = new Command("align", "Detect faces and regress 68 3D landmarks and head pose") { inputs, detector, aligner, roi, output, format, threads, bfm, fit };
        command.SetAction(parse => Run(new Settings(
            parse.GetValue(inputs)!, parse.GetValue(detector), parse.GetValue(aligner)!, parse.GetValue(roi),
            parse.GetValue(output)!, parse.GetValue(format)!, parse.GetValue(threads), parse.GetValue(bfm), parse.GetValue(fit))));
        return command;
    }

    private sealed record Settings(string[] Inputs, string? Detector, string Aligner, string? Roi, string Output, string Format, int Threads, string? Bfm, string? Fit);

    private sealed record Outcome(string File, ImageAnalysis? Analysis, string? Error, double Milliseconds);

    private static int Run(Settings s)
    {
        HashSet<string> formats;
        FaceBox? userBox;
        AnalyzerOptions options;
        try
        {
            formats = ParseFormats(s.Format);
            userBox = s.Roi is null ? null : ParseBox(s.Roi);
            if (s.Fit is not null && !s.Fit.Equals("ict", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"--fit {s.Fit}: unknown model (available: ict)");
            if (s.Threads < 1)
                throw new ArgumentException("--threads must be at least 1");
            var alignerKind = AnalyzerFactory.ParseAligner(s.Aligner);
            options = new AnalyzerOptions
            {
                Detector = s.Detector is null ? AnalyzerFactory.DefaultDetector(alignerKind) : AnalyzerFactory.ParseDetector(s.Detector),
                Aligner = alignerKind,
                FullBfmPath = s.Bfm,
            };
            s = s with { Detector = AnalyzerFactory.Name(options.Detector) };
            Directory.CreateDirectory(s.Output);
        }
        catch (Exception e) when (CliErrors.IsUserError(e))
        {
            return CliErrors.Report(e);
        }

        var (files, missing) = InputFiles.Expand(s.Inputs);
        foreach (var m in missing)
            Console.Error.WriteLine($"{m}: no such file or folder");
        if (files.Count == 0)
        {
            Console.Error.WriteLine("error: no input images");
            return CliErrors.UserError;
        }

        int workers = Math.Min(s.Threads, files.Count);
        var handles = new BlockingCollection<AnalyzerHandle>();
        IctSession? ict = null;
        try
        {
            var store = ModelStore.CreateDefault();
            if (s.Fit is not null)
                ict = IctSession.Load(store, contours: false, sigma: null);
            for (int i = 0; i < workers; i++)
                handles.Add(AnalyzerFactory.Create(store, options));
        }
        catch (Exception e) when (CliErrors.IsUserError(e))
        {
            DisposeAll(handles);
            return CliErrors.Report(e);
        }

        var outcomes = new Outcome[files.Count];
        var timer = Stopwatch.StartNew();
        try
        {
            ProcessAll(files, outcomes, handles, workers, file => Process(file, s, formats, userBox, handles, ict));
        }
        finally
        {
            DisposeAll(handles);
        }
        timer.Stop();

        if (formats.Contains("csv"))
            WriteCsv(Path.Combine(s.Output, "summary.csv"), outcomes);
        foreach (var failed in outcomes.Where(o => o.Error is not null))
            Console.Error.WriteLine($"{failed.File}: {failed.Error}");
        PrintSummary(outcomes, timer.Elapsed, s.Output);
        return missing.Count > 0 || outcomes.Any(o => o.Error is not null) ? CliErrors.SomeInputsFailed : 0;
    }

    private static void ProcessAll(List<string> files, Outcome[] outcomes, BlockingCollection<AnalyzerHandle> handles, int workers, Func<string, Outcome> process)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = workers };
        if (files.Count > 1 && AnsiConsole.Profile.Capabilities.Interactive)
        {
            AnsiConsole.Progress().AutoClear(true).Start(ctx =>
            {
                var task = ctx.AddTask("aligning", maxValue: files.Count);
                Parallel.For(0, files.Count, parallel, i =>
                {
                    outcomes[i] = process(files[i]);
                    task.Increment(1);
                });
            });
        }
        else
        {
            Parallel.For(0, files.Count, parallel, i => outcomes[i] = process(files[i]));
        }
    }

    private static Outcome Process(string file, Settings s, HashSet<string> formats, FaceBox? userBox, BlockingCollection<AnalyzerHandle> handles, IctSession? ict)
    {
        var start = Stopwatch.GetTimestamp();
        var handle = handles.Take();
        try
        {
            var image = PixelConversion.ToRgb8(ImageDecoder.Load(file, new DecodeOptions { ApplyExifOrientation = true }));
            bool withMesh = formats.Contains("png") || formats.Contains("obj") || formats.Contains("ply");
            var analysis = userBox is null
                ? handle.Analyzer.Analyze(image, withMesh)
                : handle.Analyzer.AnalyzeBoxes(image, [userBox], withMesh);
            WriteOutputs(file, image, analysis, s, formats);
            if (ict is not null)
                WriteFits(file, analysis, s, ict);
            return new Outcome(file, analysis, null, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        catch (Exception e) when (CliErrors.IsUserError(e))
        {
            return new Outcome(file, null, e is ImageFormatException f ? f.Reason : e.Message, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        finally
        {
            handles.Add(handle);
        }
    }

    private static void WriteOutputs(string file, Image image, ImageAnalysis analysis, Settings s, HashSet<string> formats)
    {
        string stem = Path.Combine(s.Output, Path.GetFileNameWithoutExtension(file));
        string name = Path.GetFileName(file);
        if (formats.Contains("json"))
            AlignmentJsonWriter.Write(stem + ".json", name, analysis, s.Detector!, s.Aligner);
        if (formats.Contains("png"))
            ImageEncoder.SavePng(OverlayRenderer.Render(image, analysis), stem + ".overlay.png");
        for (int f = 0; f < analysis.Faces.Count; f++)
        {
            if (analysis.Faces[f].Mesh is not { } mesh)
                continue;
            var export = new MeshExport(mesh.Positions, MeshExport.FromTriangles(mesh.Triangles));
            string comment = $"FaceAlign3D {s.Aligner} mesh of face {f} in {name}, image pixels (x right, y down)";
            if (formats.Contains("obj"))
                ObjWriter.Write($"{stem}.face{f}.obj", export, comment);
            if (formats.Contains("ply"))
                PlyWriter.Write($"{stem}.face{f}.ply", export, comment);
        }
    }

    /// <summary>Fits the ICT model to each face's landmarks (scaled orthographic, as the aligner) and writes the fit outputs beside the align outputs.</summary>
    private static void WriteFits(string file, ImageAnalysis analysis, Settings s, IctSession ict)
    {
        var aligned = IctSession.Aligned(Path.GetFileName(file), analysis);
        ict.FitFaces(aligned, file, Path.Combine(s.Output, Path.GetFileNameWithoutExtension(file)), pinhole: false);
    }

    private static void WriteCsv(string path, Outcome[] outcomes)
    {
        using var csv = new AlignmentCsvWriter(path);
        foreach (var o in outcomes)
            if (o.Analysis is not null)
                csv.Add(Path.GetFileName(o.File), o.Analysis);
    }

    private static void PrintSummary(Outcome[] outcomes, TimeSpan elapsed, string output)
    {
        var table = new Table().AddColumns("images", "failed", "faces", "mean ms / image", "wall time", "output");
        var done = outcomes.Where(o => o.Analysis is not null).ToList();
        table.AddRow(
            outcomes.Length.ToString(CultureInfo.InvariantCulture),
            (outcomes.Length - done.Count).ToString(CultureInfo.InvariantCulture),
            done.Sum(o => o.Analysis!.Faces.Count).ToString(CultureInfo.InvariantCulture),
            outcomes.Average(o => o.Milliseconds).ToString("0.0", CultureInfo.InvariantCulture),
            elapsed.TotalSeconds.ToString("0.00 s", CultureInfo.InvariantCulture),
            Markup.Escape(output));
        AnsiConsole.Write(table);
    }

    private static HashSet<string> ParseFormats(string text)
    {
        var set = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(f => f.ToLowerInvariant()).ToHashSet();
        var unknown = set.Except(Formats).ToList();
        if (unknown.Count > 0 || set.Count == 0)
            throw new ArgumentException($"--format: unknown {string.Join(", ", unknown)}; choose from {string.Join(",", Formats)}");
        return set;
    }

    private static FaceBox ParseBox(string text)
    {
        var parts = text.Split(',');
        var v = parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) ? d : double.NaN).ToArray();
        if (v.Length != 4 || v.Any(double.IsNaN) || v[2] <= v[0] || v[3] <= v[1])
            throw new ArgumentException($"--roi '{text}' is not x1,y1,x2,y2 with x2 > x1 and y2 > y1");
        return new FaceBox(v[0], v[1], v[2], v[3], 1f);
    }

    private static void DisposeAll(BlockingCollection<AnalyzerHandle> handles)
    {
        while (handles.TryTake(out var h))
            h.Dispose();
    }
}
