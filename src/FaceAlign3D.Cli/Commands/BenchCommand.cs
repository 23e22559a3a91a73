using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using FaceAlign3D.Alignment;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Models;
using FaceAlign3D.Pipeline;
using Spectre.Console;

namespace FaceAlign3D.Cli.Commands;

/// <summary>
/// `facealign bench`: per-stage latency of the alignment pipeline on one photo (decode, detect, crop, regress,
/// reconstruct, dense mesh), repeated; `facealign bench model` times a single network file. For MediaPipe,
/// reconstruct is the mapping of the landmarks to the image plus the face geometry (pose), and dense_mesh packs the
/// 468 landmarks as the mesh. align_given_box times the aligner's own Align(image, box) on the first face, repeated
/// (as for a user's --roi or a tracked face): the stage rows above it run after the detector, with colder caches.
/// </summary>
public static class BenchCommand
{
    private static readonly string[] Stages = ["decode", "detect", "crop", "regress", "reconstruct", "dense_mesh", "align_per_face", "total", "align_given_box"];

    public static Command Create(CliServices services)
    {
        var aligner = new Option<string>("--aligner") { Description = "tddfa | mediapipe", DefaultValueFactory = _ => "tddfa" };
        aligner.AcceptOnlyFromAmong([.. AnalyzerFactory.AlignerNames]);
        var detector = new Option<string?>("--detector") { Description = "faceboxes | ultralight | ultralight640 | blazeface (default: faceboxes for tddfa, blazeface for mediapipe)" };
        detector.AcceptOnlyFromAmong([.. AnalyzerFactory.DetectorNames]);
        var image = new Option<string?>("--image") { Description = "photo to time (default: data/samples/trump_hillary.jpg of the shared folder beside the models)" };
        var height = new Option<int?>("--height") { Description = "scale the photo to this height first (e.g. 720 for a 720p photo)" };
        var threads = new Option<int>("--threads") { Description = "threads per network run", DefaultValueFactory = _ => 1 };
        var iterations = new Option<int>("--iterations") { Description = "timed repetitions", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "print JSON (keys: detector, aligner, <stage>_median_ms, <stage>_p10_ms, <stage>_p90_ms, fps)" };
        var bench = new Command("bench", "Time the alignment pipeline stage by stage") { aligner, detector, image, height, threads, iterations, json };
        bench.Subcommands.Add(BenchModelCommand.Create());
        bench.SetAction(parse => Run(services, parse.GetValue(aligner)!, parse.GetValue(detector), parse.GetValue(image), parse.GetValue(height), parse.GetValue(threads), parse.GetValue(iterations), parse.GetValue(json)));
        return bench;
    }

    private static int Run(CliServices services, string alignerName, string? detectorName, string? imagePath, int? height, int threads, int iterations, bool json)
    {
        try
        {
            if (iterations < 1 || threads < 1)
                throw new ArgumentException("--iterations and --threads must be at least 1");
            var store = services.OpenStore();
            imagePath ??= DefaultImage(store);
            byte[] bytes = File.ReadAllBytes(imagePath);
            var alignerKind = AnalyzerFactory.ParseAligner(alignerName);
            var kind = detectorName is null ? AnalyzerFactory.DefaultDetector(alignerKind) : AnalyzerFactory.ParseDetector(detectorName);
            using var toolkit = FaceToolkit.Open(store, new AnalyzerOptions { Detector = kind, Aligner = alignerKind, NetworkThreads = threads });

            var samples = Stages.ToDictionary(s => s, _ => new List<double>());
            ImageAnalysis? analysis = null;
            Image? image = null;
            for (int i = 0; i < iterations + 3; i++)
            {
                // The first runs plan sessions and warm the JIT.
                long start = Stopwatch.GetTimestamp();
                image = PixelConversion.ToRgb8(ImageDecoder.Decode(bytes, imagePath));
                var decode = Stopwatch.GetElapsedTime(start);
                image = Scaled(image, height);
                analysis = toolkit.Analyze(image, new AnalyzeSettings { WithMesh = true }) with { DecodeTime = decode };
                if (i >= 3)
                    foreach (var (stage, ms) in StageMilliseconds(analysis))
                        samples[stage].Add(ms);
            }
            if (analysis!.Faces.Count > 0)
                for (int i = 0; i < iterations + 3; i++)
                {
                    var given = toolkit.Analyze(image!, new AnalyzeSettings { Roi = analysis.Faces[0].Detection });
                    if (i >= 3)
                        samples["align_given_box"].Add(given.AlignTime.TotalMilliseconds);
                }
            Print(samples, analysis.Faces.Count, image!.Width, image.Height, Path.GetFileName(imagePath), AnalyzerFactory.Name(kind), alignerName, threads, iterations, json);
            return 0;
        }
        catch (Exception e) when (CliErrors.IsUserError(e))
        {
            return CliErrors.Report(e);
        }
    }

    /// <summary>Each stage's milliseconds in one analysis, as the stages measured themselves.</summary>
    private static Dictionary<string, double> StageMilliseconds(ImageAnalysis analysis)
    {
        var stages = analysis.Stages;
        int faces = analysis.Faces.Count;
        return new Dictionary<string, double>
        {
            ["decode"] = stages.Decode.TotalMilliseconds,
            ["detect"] = stages.Detect.TotalMilliseconds,
            ["crop"] = stages.Align.Crop.TotalMilliseconds,
            ["regress"] = stages.Align.Regress.TotalMilliseconds,
            ["reconstruct"] = stages.Align.Reconstruct.TotalMilliseconds,
            ["dense_mesh"] = stages.DenseMesh.TotalMilliseconds,
            ["align_per_face"] = faces > 0 ? stages.Align.Total.TotalMilliseconds / faces : 0,
            ["total"] = stages.Total.TotalMilliseconds,
        };
    }

    private static Image Scaled(Image image, int? height) => height is int h && h != image.Height
        ? ImageResize.Resize(image, Math.Max(1, (int)Math.Round(image.Width * (double)h / image.Height)), h)
        : image;

    private static void Print(Dictionary<string, List<double>> samples, int faces, int width, int height, string image, string detector, string aligner, int threads, int iterations, bool json)
    {
        var stats = samples.ToDictionary(kv => kv.Key, kv => LatencyStats.From(kv.Value));
        double fps = 1000 / stats["total"].Median;
        if (json)
        {
            var result = new JsonObject { ["image"] = image, ["detector"] = detector, ["aligner"] = aligner, ["width"] = width, ["height"] = height, ["faces"] = faces, ["threads"] = threads, ["iterations"] = iterations };
            foreach (var (stage, s) in stats.Where(kv => kv.Value.Count > 0))
            {
                result[$"{stage}_median_ms"] = Math.Round(s.Median, 4);
                result[$"{stage}_p10_ms"] = Math.Round(s.P10, 4);
                result[$"{stage}_p90_ms"] = Math.Round(s.P90, 4);
            }
            result["fps"] = Math.Round(fps, 2);
            Console.WriteLine(result.ToJsonString());
            return;
        }
        var table = new Table().AddColumns("stage", "median ms", "p10 ms", "p90 ms");
        foreach (var stage in Stages.Where(stage => stats[stage].Count > 0))
        {
            var s = stats[stage];
            table.AddRow(stage, F(s.Median), F(s.P10), F(s.P90));
        }
        AnsiConsole.MarkupLine(Markup.Escape($"{detector} + {aligner}, {image} {width}x{height}, {faces} faces, {threads} thread(s), {iterations} runs: {fps:0.0} images/s"));
        AnsiConsole.Write(table);
    }

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);

    private static string DefaultImage(ModelStore store)
    {
        foreach (var folder in store.SearchFolders)
        {
            var candidate = Path.GetFullPath(Path.Combine(folder, "..", "data", "samples", "trump_hillary.jpg"));
            if (File.Exists(candidate))
                return candidate;
        }
        throw new ArgumentException("no default photo found beside the models; give one with --image");
    }
}
