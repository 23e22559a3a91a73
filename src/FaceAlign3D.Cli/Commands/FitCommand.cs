using System.CommandLine;
using System.Globalization;
using FaceAlign3D.Export;
using FaceAlign3D.Pipeline;

namespace FaceAlign3D.Cli.Commands;

/// <summary>`facealign fit`: fits the ICT face model to the landmarks of an align JSON, an image, or calibrated views (docs/fit-output.md).</summary>
public static class FitCommand
{
    public static Command Create(CliServices services)
    {
        var input = new Argument<string?>("input") { Description = "an align JSON (from `facealign align`) or an image (aligned first)", Arity = ArgumentArity.ZeroOrOne };
        var views = new Option<string?>("--views") { Description = "views.json: calibrated views of one face for a joint multi-view fit (instead of an input)" };
        var camera = new Option<string>("--camera") { Description = "ortho (scaled orthographic) | pinhole (focal length fitted)", DefaultValueFactory = _ => "ortho" };
        camera.AcceptOnlyFromAmong("ortho", "pinhole");
        var output = new Option<string?>("--output", "-o") { Description = "output folder (default: <input name>_fit)" };
        var contours = new Option<string>("--contours") { Description = "on | off: match jaw landmarks to the silhouette (for 2D-annotated jawlines; 3DDFA_V2 jaw points are fixed 3D points)", DefaultValueFactory = _ => "off" };
        contours.AcceptOnlyFromAmong("on", "off");
        var sigma = new Option<string>("--sigma") { Description = "landmark uncertainty: auto (the regressor's predicted per-landmark sigmas when it has them, else uniform), uniform (1.5% of the landmark box diagonal), or pixels", DefaultValueFactory = _ => "auto" };
        var landmarks = new Option<string>("--landmarks")
        {
            Description = "68 (landmarks68) | 468 (MediaPipe's landmarks468, from `align --aligner mediapipe`) | auto (468 when the align JSON has them)",
            DefaultValueFactory = _ => "auto",
        };
        landmarks.AcceptOnlyFromAmong("68", "468", "auto");
        var command = new Command("fit", "Fit the ICT-FaceKit model to 68 or MediaPipe's 468 landmarks: weights, action units, pose, mesh, tension, asymmetry")
        {
            input, views, camera, output, contours, sigma, landmarks,
        };
        command.SetAction(parse => Run(services, parse.GetValue(input), parse.GetValue(views), parse.GetValue(output), parse.GetValue(sigma)!, new FitSettings
        {
            Pinhole = parse.GetValue(camera) == "pinhole",
            Contours = parse.GetValue(contours) == "on",
            Landmarks = parse.GetValue(landmarks) switch { "68" => FitLandmarks.MultiPie68, "468" => FitLandmarks.MediaPipe468, _ => FitLandmarks.Auto },
        }));
        return command;
    }

    private static int Run(CliServices services, string? input, string? views, string? output, string sigmaText, FitSettings settings)
    {
        try
        {
            settings = settings with { Sigma = LandmarkSigma.Parse(sigmaText) };
            if (settings.Contours && settings.Landmarks == FitLandmarks.MediaPipe468)
                throw new ArgumentException("--contours on matches the 68-point jawline to the silhouette; it does not apply to --landmarks 468");
            if (views is not null && settings.Landmarks == FitLandmarks.MediaPipe468)
                throw new ArgumentException("--views fits use the views' 68 landmarks; --landmarks 468 does not apply");
            if ((input is null) == (views is null))
                throw new ArgumentException("give either an input (align JSON or image) or --views views.json");
            string source = input ?? views!;
            string folder = output ?? Path.GetFileNameWithoutExtension(source) + "_fit";
            Directory.CreateDirectory(folder);
            bool fromJson = views is not null || Path.GetExtension(input!).Equals(".json", StringComparison.OrdinalIgnoreCase);
            using var toolkit = FaceToolkit.Open(services.OpenStore(), analyzers: fromJson ? 0 : 1, loadFaceModel: true);
            if (views is not null)
                return RunViews(services, views, folder, toolkit.Fitting, settings);

            var aligned = fromJson ? FitInputs.ReadAlignJson(input!) : AlignImage(toolkit, input!, folder);
            if (aligned.Faces.Count == 0)
            {
                services.Out.WriteLine($"{source}: no faces to fit");
                return 0;
            }
            var fits = toolkit.Fit(aligned, settings);
            foreach (var line in FitFiles.Write(toolkit.Fitting, aligned, fits, source, Path.Combine(folder, Path.GetFileNameWithoutExtension(source))))
                services.Out.WriteLine(line);
            return 0;
        }
        catch (Exception e) when (CliErrors.IsUserError(e))
        {
            return CliErrors.Report(services.Error, e);
        }
    }

    /// <summary>Runs the align pipeline (default detector and aligner) and keeps its JSON beside the fit outputs.</summary>
    private static AlignedImage AlignImage(FaceToolkit toolkit, string path, string folder)
    {
        var analysis = toolkit.Analyze(path);
        string json = Path.Combine(folder, Path.GetFileNameWithoutExtension(path) + ".json");
        AlignmentJsonWriter.Write(json, Path.GetFileName(path), analysis, toolkit.DetectorName, toolkit.AlignerName, toolkit.AlignerModelSha256);
        return FaceFitting.Aligned(Path.GetFileName(path), analysis);
    }

    private static int RunViews(CliServices services, string path, string folder, FaceFitting fitting, FitSettings settings)
    {
        var views = FitInputs.ReadViews(path);
        var fit = fitting.FitViews(views, settings);
        var context = new FitJsonContext(path, null, null, null, 0, fit.Options.UseContours, views.Select(v => v.Name).ToArray(),
            fit.Consistency, new Dictionary<string, string>(), fit.Milliseconds);
        var files = FitOutputWriter.Write(Path.Combine(folder, Path.GetFileNameWithoutExtension(path)), context, fit.Result, fitting.Model, fitting.Uvs);
        var c = CultureInfo.InvariantCulture;
        services.Out.WriteLine(string.Create(c, $"{path}: {views.Count} views, landmark RMS {string.Join(" / ", fit.Result.Views.Select(v => v.RmsError.ToString("0.00", c)))} px, {fit.Result.Iterations} iterations, {fit.Milliseconds:0.0} ms"));
        services.Out.WriteLine(fit.Consistency is { } consistency
            ? string.Create(c, $"  self-projection consistency {consistency.MeanDistance:0.00} px (leave-one-view-out DLT)")
            : "  self-projection consistency needs 3 or more views");
        services.Out.WriteLine($"  wrote {files.Json}, {files.Obj}, {files.Ply}");
        return 0;
    }
}
