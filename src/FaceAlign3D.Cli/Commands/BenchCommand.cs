using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using FaceAlign3D.Alignment;
using FaceAlign3D.Export;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Models;
using FaceAlign3D.Pipeline;

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
        var json = new Option<bool>("--json") { Description = "print JSON (keys: image, detector, min_face (with --min-face), aligner, aligner_model_sha256 (tddfa), engine, width, height, faces, threads, iterations, <stage>_median_ms, <stage>_p10_ms, <stage>_p90_ms, fps)" };
        var model = RegressorModelOption.Create();
        var minFace = MinFaceOption.Create();
        var bench = new Command("bench", "Time the alignment pipeline stage by stage") { aligner, detector, image, height, threads, iterations, json, model, minFace };
        bench.Subcommands.Add(BenchModelCommand.Create(services));
        var engine = new EngineOptions(bench);
        bench.SetAction(parse => Run(services, parse.GetValue(aligner)!, parse.GetValue(detector), parse.GetValue(image), parse.GetValue(height), parse.GetValue(threads), parse.GetValue(iterations), parse.GetValue(json), parse.GetValue(model), parse.GetValue(minFace), engine.Engine(parse)));
        return bench;
    }

    private static int Run(CliServices services, string alignerName, string? detectorName, string? imagePath, int? height, int threads, int iterations, bool json, string? model, int? minFace, INetworkEngine engine)
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
            using var toolkit = FaceToolkit.Open(store, new AnalyzerOptions { Detector = kind, Aligner = alignerKind, NetworkThreads = threads, TddfaRegressorPath = RegressorModelOption.Resolve(model, alignerKind, () => store), Engine = engine, MinFaceSize = MinFaceOption.Validate(minFace) });

            var report = new BenchReport();
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
                    report.Add(analysis);
            }
            if (analysis!.Faces.Count > 0)
                for (int i = 0; i < iterations + 3; i++)
                {
                    var given = toolkit.Analyze(image!, new AnalyzeSettings { Roi = analysis.Faces[0].Detection });
                    if (i >= 3)
                        report.AddGivenBox(given.AlignTime);
                }
            string header = $"{AnalyzerFactory.Name(kind)}{(minFace is int m ? $" (min face {m} px)" : "")} + {alignerName} on {engine.Name}, {Path.GetFileName(imagePath)} {image!.Width}x{image.Height}, {analysis.Faces.Count} faces, {threads} thread(s), {iterations} runs"
                + (toolkit.AlignerModelSha256 is { } sha256 ? ", " + AlignerModelChecksum.Describe(sha256) : "");
            if (json)
            {
                var fields = new JsonObject { ["image"] = Path.GetFileName(imagePath), ["detector"] = AnalyzerFactory.Name(kind) };
                if (minFace is int size)
                    fields.Add("min_face", size);
                fields.Add("aligner", alignerName);
                AlignerModelChecksum.Add(fields, toolkit.AlignerModelSha256);
                fields.Add("engine", engine.Name);
                fields.Add("width", image.Width);
                fields.Add("height", image.Height);
                fields.Add("faces", analysis.Faces.Count);
                fields.Add("threads", threads);
                fields.Add("iterations", iterations);
                services.Out.WriteLine(report.Json(fields));
            }
            else
                report.Print(services.Ansi, header);
            return 0;
        }
        catch (Exception e) when (CliErrors.IsUserError(e))
        {
            return CliErrors.Report(services.Error, e);
        }
    }

    private static Image Scaled(Image image, int? height) => height is int h && h != image.Height
        ? ImageResize.Resize(image, Math.Max(1, (int)Math.Round(image.Width * (double)h / image.Height)), h)
        : image;

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
