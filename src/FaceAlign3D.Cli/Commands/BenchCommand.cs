using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Models;
using FaceAlign3D.Morphable;
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

    public static Command Create()
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
        bench.SetAction(parse => Run(parse.GetValue(aligner)!, parse.GetValue(detector), parse.GetValue(image), parse.GetValue(height), parse.GetValue(threads), parse.GetValue(iterations), parse.GetValue(json)));
        return bench;
    }

    private static int Run(string alignerName, string? detectorName, string? imagePath, int? height, int threads, int iterations, bool json)
    {
        var owned = new List<IDisposable>();
        try
        {
            if (iterations < 1 || threads < 1)
                throw new ArgumentException("--iterations and --threads must be at least 1");
            var store = ModelStore.CreateDefault();
            imagePath ??= DefaultImage(store);
            byte[] bytes = File.ReadAllBytes(imagePath);
            var alignerKind = AnalyzerFactory.ParseAligner(alignerName);
            var kind = detectorName is null ? AnalyzerFactory.DefaultDetector(alignerKind) : AnalyzerFactory.ParseDetector(detectorName);
            var detector = AnalyzerFactory.CreateDetector(store, kind, threads, owned);
            var alignFace = alignerKind == AlignerKind.MediaPipe ? MediaPipeStages(store, threads, owned) : TddfaStages(store, threads, owned);

            var samples = Stages.ToDictionary(s => s, _ => new List<double>());
            int faces = 0, width = 0, imageHeight = 0;
            for (int i = 0; i < iterations + 3; i++)
            {
                bool record = i >= 3; // the first runs plan sessions and warm the JIT
                var times = RunOnce(bytes, imagePath, height, detector, alignFace, out faces, out width, out imageHeight);
                if (record)
                    foreach (var (stage, ms) in times)
                        samples[stage].Add(ms);
            }
            var aligner = AnalyzerFactory.CreateAligner(store, new AnalyzerOptions { Aligner = alignerKind, NetworkThreads = threads }, owned);
            samples["align_given_box"].AddRange(AlignGivenBox(bytes, imagePath, height, detector, aligner, iterations));
            Print(samples, faces, width, imageHeight, Path.GetFileName(imagePath), AnalyzerFactory.Name(kind), alignerName, threads, iterations, json);
            return 0;
        }
        catch (Exception e) when (CliErrors.IsUserError(e))
        {
            return CliErrors.Report(e);
        }
        finally
        {
            owned.ForEach(o => o.Dispose());
        }
    }

    /// <summary>Aligns one face, adding each stage's milliseconds to <see cref="FaceStageTimes"/>.</summary>
    private delegate void FaceStages(Image image, FaceBox box, FaceStageTimes times);

    private sealed class FaceStageTimes
    {
        public double Crop, Regress, Reconstruct, Dense;
    }

    private static FaceStages TddfaStages(ModelStore store, int threads, List<IDisposable> owned)
    {
        var network = AnalyzerFactory.Network(store, "tddfa-mb05", "mb05_120x120.onnx", threads, owned);
        var reconstruction = new TddfaReconstruction(Bfm3ddfa.Load(store.Resolve("bfm-3ddfa-v2").PathOf("bfm_3ddfa_v2.safetensors")));
        int size = TddfaReconstruction.InputSize;
        return (image, box, times) =>
        {
            long t = Stopwatch.GetTimestamp();
            var roi = TddfaRoi.FromDetection(box.Box);
            var input = ImagePreprocess.CropResizeToTensor(image, TddfaRoi.CropRectangle(roi), size, size, TensorOptions.Tddfa);
            times.Crop += Lap(ref t);
            var output = network(input, [1, 3, size, size])[0];
            times.Regress += Lap(ref t);
            var parameters = reconstruction.Denormalize(output);
            reconstruction.SparseLandmarks(parameters, roi);
            TddfaReconstruction.Pose(parameters);
            times.Reconstruct += Lap(ref t);
            reconstruction.DenseMeanMesh(parameters, roi);
            times.Dense += Lap(ref t);
        };
    }

    // The steps of MediaPipeMeshAligner, timed one by one: BlazeFace boxes are cropped from their eye keypoints;
    // boxes without keypoints take the upright crop, then a second pass from those landmarks.
    private static FaceStages MediaPipeStages(ModelStore store, int threads, List<IDisposable> owned)
    {
        var model = store.Resolve(MediaPipeFaceMeshInstaller.ModelId);
        var canonical = MediaPipeCanonicalFace.Load(model.PathOf(MediaPipeFiles.GeometryMetadata));
        var geometry = new MediaPipeFaceGeometry(canonical);
        var network = AnalyzerFactory.Network(store, MediaPipeFaceMeshInstaller.ModelId, MediaPipeFiles.FaceLandmark, threads, owned);
        var meshAligner = new MediaPipeMeshAligner(new MediaPipeFaceMeshAligner(network, geometry), canonical);
        const int size = MediaPipeFaceMeshAligner.InputSize;
        return (image, box, times) =>
        {
            long t = Stopwatch.GetTimestamp();
            bool keypoints = box.Keypoints is { Count: >= 2 };
            var region = keypoints ? MediaPipeFaceMeshRoi.FromDetection(box) : MediaPipeMeshAligner.UprightRegion(box.Box);
            for (int pass = keypoints ? 1 : 0; pass < 2; pass++)
            {
                var input = BlazeFaceImageToTensor.ToTensor(image, region, size, size, 0f, 1f, BlazeFaceImageToTensor.Border.Replicate);
                times.Crop += Lap(ref t);
                var outputs = network(input, [1, 3, size, size]);
                times.Regress += Lap(ref t);
                var landmarks = MediaPipeFaceMeshAligner.ToImage(outputs.First(o => o.Length == 3 * MediaPipeFaceMeshAligner.LandmarkCount), region);
                var pose = geometry.Estimate(landmarks, image.Width, image.Height);
                times.Reconstruct += Lap(ref t);
                if (pass == 0)
                {
                    region = MediaPipeFaceMeshRoi.FromLandmarks(landmarks.Select(p => new Vector2(p.X, p.Y)).ToArray());
                    times.Crop += Lap(ref t);
                    continue;
                }
                var alignment = new FaceAlignment(landmarks, new HeadPose(pose.Rotation, pose.YawDegrees, pose.PitchDegrees, pose.RollDegrees, MediaPipeFaceGeometry.EulerFormula),
                    [], MediaPipeFaceMeshRoi.Bounds(region), 1f);
                meshAligner.Mesh(alignment);
                times.Dense += Lap(ref t);
            }
        };
    }

    /// <summary>Milliseconds of each of <paramref name="iterations"/> calls of the aligner on the photo's first detected face.</summary>
    private static List<double> AlignGivenBox(byte[] bytes, string name, int? height, IFaceDetector detector, IFaceAligner aligner, int iterations)
    {
        var image = Scaled(PixelConversion.ToRgb8(ImageDecoder.Decode(bytes, name)), height);
        var boxes = detector.Detect(image);
        var times = new List<double>(iterations);
        if (boxes.Count == 0)
            return times;
        for (int i = 0; i < iterations + 3; i++)
        {
            long t = Stopwatch.GetTimestamp();
            aligner.Align(image, boxes[0]);
            if (i >= 3)
                times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
        return times;
    }

    private static Image Scaled(Image image, int? height) => height is int h && h != image.Height
        ? ImageResize.Resize(image, Math.Max(1, (int)Math.Round(image.Width * (double)h / image.Height)), h)
        : image;

    private static Dictionary<string, double> RunOnce(byte[] bytes, string name, int? height, IFaceDetector detector, FaceStages alignFace,
        out int faceCount, out int width, out int imageHeight)
    {
        var times = new Dictionary<string, double>();
        long t = Stopwatch.GetTimestamp();
        var image = PixelConversion.ToRgb8(ImageDecoder.Decode(bytes, name));
        times["decode"] = Lap(ref t);
        image = Scaled(image, height);
        t = Stopwatch.GetTimestamp();
        (width, imageHeight) = (image.Width, image.Height);
        var boxes = detector.Detect(image);
        times["detect"] = Lap(ref t);
        var face = new FaceStageTimes();
        foreach (var box in boxes)
            alignFace(image, box, face);
        faceCount = boxes.Count;
        times["crop"] = face.Crop;
        times["regress"] = face.Regress;
        times["reconstruct"] = face.Reconstruct;
        times["dense_mesh"] = face.Dense;
        times["align_per_face"] = faceCount > 0 ? (face.Crop + face.Regress + face.Reconstruct) / faceCount : 0;
        times["total"] = times["decode"] + times["detect"] + face.Crop + face.Regress + face.Reconstruct + face.Dense;
        return times;
    }

    private static double Lap(ref long timestamp)
    {
        long now = Stopwatch.GetTimestamp();
        double ms = Stopwatch.GetElapsedTime(timestamp, now).TotalMilliseconds;
        timestamp = now;
        return ms;
    }

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
