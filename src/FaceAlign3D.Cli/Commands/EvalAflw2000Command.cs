using System.CommandLine;
using System.Diagnostics;
using FaceAlign3D.Evaluation;
using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Evaluation.Live;
using FaceAlign3D.Evaluation.Reports;
using FaceAlign3D.Models;
using FaceAlign3D.Pipeline;

namespace FaceAlign3D.Cli.Commands;

/// <summary>
/// `facealign eval aflw2000-3d`: runs an aligner live over an AFLW2000-3D folder (images/, crops_120/,
/// annotations.json) and writes report.json, report.md, ced.svg and ced.png.
/// </summary>
public static class EvalAflw2000Command
{
    public static Command Create(CliServices services)
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "AFLW2000-3D folder with images/, crops_120/ and annotations.json", Required = true };
        var aligner = new Option<string>("--aligner") { Description = "tddfa (3DDFA_V2 mb05) or mediapipe (MediaPipe Face Mesh, scored through its 468-to-68 table; detect protocol only)", DefaultValueFactory = _ => "tddfa" };
        var protocol = new Option<string>("--protocol") { Description = "3ddfa: the 120x120 crops with their roi boxes (tddfa only); detect: the aligner's detector (FaceBoxes, BlazeFace) on the full images", DefaultValueFactory = _ => "3ddfa" };
        var annotations = new Option<string>("--annotations") { Description = "original (x, y of the fitted 3D landmarks) or reannotated (manual 2D)", DefaultValueFactory = _ => "original" };
        var threads = new Option<int>("--threads") { Description = "worker threads, one image at a time each", DefaultValueFactory = _ => Environment.ProcessorCount };
        var output = new Option<DirectoryInfo>("--output") { Description = "folder for report.json, report.md, ced.svg, ced.png", DefaultValueFactory = _ => new DirectoryInfo("eval-aflw2000-3d") };
        var models = new Option<DirectoryInfo?>("--models") { Description = "models folder (default: the model store's search order, FACEALIGN3D_MODELS first)" };
        var model = RegressorModelOption.Create();
        var command = new Command("aflw2000-3d", "Run an aligner on AFLW2000-3D and score it (3DDFA protocol: NME by |yaw| bucket)")
        {
            data, aligner, protocol, annotations, threads, output, models, model,
        };
        var engine = new EngineOptions(command);
        command.SetAction(parse => Run(services,
            parse.GetValue(data)!, parse.GetValue(aligner)!, parse.GetValue(protocol)!, parse.GetValue(annotations)!,
            parse.GetValue(threads), parse.GetValue(output)!, parse.GetValue(models), parse.GetValue(model), engine.Engine(parse)));
        return command;
    }

    private static int Run(CliServices services, DirectoryInfo data, string alignerName, string protocolName, string annotationsName, int threads, DirectoryInfo output, DirectoryInfo? modelsOption, string? model, INetworkEngine engine)
    {
        try
        {
            if (alignerName is not ("tddfa" or "mediapipe"))
                return CliErrors.Report(services.Error, $"--aligner: unknown aligner '{alignerName}' (tddfa or mediapipe)");
            var protocol = protocolName switch
            {
                "3ddfa" => Aflw2000Protocol.Tddfa,
                "detect" => Aflw2000Protocol.Detect,
                _ => throw new ArgumentException($"--protocol: unknown protocol '{protocolName}' (3ddfa or detect)"),
            };
            var landmarks = annotationsName switch
            {
                "original" => Aflw2000Landmarks.Original,
                "reannotated" => Aflw2000Landmarks.Reannotated,
                _ => throw new ArgumentException($"--annotations: unknown choice '{annotationsName}' (original or reannotated)"),
            };
            if (alignerName == "mediapipe" && protocol == Aflw2000Protocol.Tddfa)
                return CliErrors.Report(services.Error, "--aligner mediapipe --protocol 3ddfa: the 3ddfa protocol feeds 3DDFA's own 120x120 crops, which are not the face mesh's input; use --protocol detect");
            if (threads < 1) throw new ArgumentException("--threads must be at least 1");
            if (!data.Exists) throw new DirectoryNotFoundException($"--data: folder {data.FullName} not found");

            var store = modelsOption is null ? services.OpenStore() : new ModelStore([modelsOption.FullName]);
            var watch = Stopwatch.StartNew();
            var dataset = Aflw2000Dataset.Load(data.FullName);
            var alignerKind = AnalyzerFactory.ParseAligner(alignerName);
            using var toolkit = FaceToolkit.Open(store, new AnalyzerOptions { Aligner = alignerKind, TddfaRegressorPath = RegressorModelOption.Resolve(model, alignerKind, () => store), Engine = engine }, analyzers: 0);
            var report = EvalConsole.WithProgress(services, $"{alignerName} ({protocolName})", dataset.Samples.Count,
                progress => toolkit.EvaluateAflw2000(dataset, protocol, new Aflw2000EvaluationOptions { Landmarks = landmarks }, threads, progress));
            var (title, method) = alignerName == "mediapipe"
                ? ("MediaPipe Face Mesh", "BlazeFace + MediaPipe Face Mesh (468 points mapped to 68)")
                : model is null ? ("3DDFA_V2 mb05", $"3DDFA_V2 mb05 (sha256 {toolkit.AlignerModelSha256})") : ($"3DDFA_V2 regressor {Path.GetFileName(model)}", $"3DDFA_V2 regressor {Path.GetFileName(model)} (sha256 {toolkit.AlignerModelSha256})");
            report = report with { Protocol = $"{report.Protocol}; live {method} on the {engine.Name} engine, {ProtocolDescription(protocol, alignerName)}" };
            return EvalConsole.Finish(services, report, output.FullName, $"{title} ({protocolName})", watch);
        }
        catch (Exception e) when (CliErrors.IsUserError(e))
        {
            return CliErrors.Report(services.Error, e);
        }
    }

    private static string ProtocolDescription(Aflw2000Protocol protocol, string aligner) => protocol == Aflw2000Protocol.Tddfa
        ? "input = the 120x120 crops of crops_120/ as they are, landmarks mapped back with roi_box_3ddfa"
        : $"{(aligner == "mediapipe" ? "BlazeFace" : "FaceBoxes")} on the full images, every detected face aligned, the one overlapping the ground truth most scored";
}
