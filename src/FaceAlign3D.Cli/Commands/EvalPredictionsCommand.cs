using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using FaceAlign3D.Evaluation;
using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Evaluation.Metrics;
using FaceAlign3D.Evaluation.Reports;

namespace FaceAlign3D.Cli.Commands;

/// <summary>
/// `facealign eval predictions`: scores prediction files against ground truth given as an AFLW2000-3D
/// annotations.json (full 3DDFA protocol), a folder of .pts files or a COCO keypoint file.
/// </summary>
public static class EvalPredictionsCommand
{
    public static Command Create(CliServices services)
    {
        var truth = new Option<string>("--gt") { Description = "ground truth: AFLW2000-3D annotations.json (or its folder), a folder of .pts files, or a COCO keypoint JSON", Required = true };
        var predictions = new Option<string>("--pred") { Description = "predictions: an align JSON file, a folder of them, or {\"predictions\": {image: {landmarks68}}}", Required = true };
        var annotations = new Option<string>("--annotations") { Description = "AFLW2000-3D only: original or reannotated", DefaultValueFactory = _ => "original" };
        var normalizer = new Option<string>("--normalizer") { Description = ".pts / COCO only: box (sqrt of the box area), diagonal, inter-ocular, inter-pupil or image", DefaultValueFactory = _ => "box" };
        var output = new Option<DirectoryInfo>("--output") { Description = "folder for report.json, report.md, ced.svg, ced.png", DefaultValueFactory = _ => new DirectoryInfo("eval-predictions") };
        var command = new Command("predictions", "Score prediction files against ground truth") { truth, predictions, annotations, normalizer, output };
        command.SetAction(parse => Run(services, parse.GetValue(truth)!, parse.GetValue(predictions)!, parse.GetValue(annotations)!, parse.GetValue(normalizer)!, parse.GetValue(output)!));
        return command;
    }

    private static int Run(CliServices services, string truthPath, string predictionPath, string annotationsName, string normalizerName, DirectoryInfo output)
    {
        try
        {
            var watch = Stopwatch.StartNew();
            if (!File.Exists(predictionPath) && !Directory.Exists(predictionPath))
                throw new FileNotFoundException($"--pred: {predictionPath} not found");
            var predictions = PredictionSet.Load(predictionPath);
            EvaluationReport report = KindOf(truthPath) switch
            {
                TruthKind.Aflw2000 => new Aflw2000Evaluator(Aflw2000Dataset.Load(truthPath), new Aflw2000EvaluationOptions { Landmarks = Landmarks(annotationsName) })
                    .Evaluate(predictions),
                TruthKind.PtsFolder => new LandmarkEvaluator(LandmarkGroundTruth.FromPtsFolder(truthPath), Normalizer(normalizerName)).Evaluate(predictions),
                _ => new LandmarkEvaluator(LandmarkGroundTruth.FromCoco(truthPath), Normalizer(normalizerName)).Evaluate(predictions),
            };
            return EvalConsole.Finish(services, report, output.FullName, Path.GetFileName(Path.TrimEndingDirectorySeparator(predictionPath)), watch);
        }
        catch (Exception e) when (CliErrors.IsUserError(e))
        {
            return CliErrors.Report(services.Error, e);
        }
    }

    private enum TruthKind { Aflw2000, PtsFolder, Coco }

    // A folder is AFLW2000-3D when it holds annotations.json, otherwise a .pts folder; a file is told apart by its top-level keys.
    private static TruthKind KindOf(string path)
    {
        if (Directory.Exists(path))
            return File.Exists(Path.Combine(path, "annotations.json")) ? TruthKind.Aflw2000 : TruthKind.PtsFolder;
        if (!File.Exists(path))
            throw new FileNotFoundException($"--gt: {path} not found");
        using var stream = File.OpenRead(path);
        JsonDocument document;
        try { document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 64 }); }
        catch (JsonException e) { throw new EvaluationDataException(path, $"not valid JSON ({e.Message})", e); }
        using (document)
        {
            var top = document.RootElement;
            if (top.ValueKind == JsonValueKind.Object && top.TryGetProperty("samples", out _)) return TruthKind.Aflw2000;
            if (top.ValueKind == JsonValueKind.Object && top.TryGetProperty("annotations", out _)) return TruthKind.Coco;
        }
        throw new EvaluationDataException(path, "not a ground-truth file: expected AFLW2000-3D annotations ({\"samples\": [...]}) or COCO keypoints ({\"images\", \"annotations\"})");
    }

    private static Aflw2000Landmarks Landmarks(string name) => name switch
    {
        "original" => Aflw2000Landmarks.Original,
        "reannotated" => Aflw2000Landmarks.Reannotated,
        _ => throw new ArgumentException($"--annotations: unknown choice '{name}' (original or reannotated)"),
    };

    private static NmeNormalizer Normalizer(string name) => name switch
    {
        "box" => NmeNormalizer.BoxSqrtArea,
        "diagonal" => NmeNormalizer.BoxDiagonal,
        "inter-ocular" => NmeNormalizer.OuterInterOcular,
        "inter-pupil" => NmeNormalizer.InterPupil,
        "image" => NmeNormalizer.ImageSize,
        _ => throw new ArgumentException($"--normalizer: unknown choice '{name}' (box, diagonal, inter-ocular, inter-pupil, image)"),
    };
}
