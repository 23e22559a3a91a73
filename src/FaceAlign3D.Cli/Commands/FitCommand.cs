using FaceAlign3D.Alignment;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FaceAlign3D.Evaluation.Metrics;
using FaceAlign3D.Export;
using FaceAlign3D.Fitting;
using FaceAlign3D.Geometry;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Models;
using FaceAlign3D.Morphable.IctFaceKit;
using FaceAlign3D.Pipeline;

namespace FaceAlign3D.Cli.Commands;

/// <summary>`facealign fit`: fits the ICT face model to the landmarks of an align JSON, an image, or calibrated views (docs/fit-output.md).</summary>
public static class FitCommand
{
    public static Command Create()
    {
        var input = new Argument<string?>("input") { Description = "an align JSON (from `facealign align`) or an image (aligned first)", Arity = ArgumentArity.ZeroOrOne };
        var views = new Option<string?>("--views") { Description = "views.json: calibrated views of one face for a joint multi-view fit (instead of an input)" };
        var camera = new Option<string>("--camera") { Description = "ortho (scaled orthographic) | pinhole (focal length fitted)", DefaultValueFactory = _ => "ortho" };
        camera.AcceptOnlyFromAmong("ortho", "pinhole");
        var output = new Option<string?>("--output", "-o") { Description = "output folder (default: <input name>_fit)" };
        var contours = new Option<string>("--contours") { Description = "on | off: match jaw landmarks to the silhouette (for 2D-annotated jawlines; 3DDFA_V2 jaw points are fixed 3D points)", DefaultValueFactory = _ => "off" };
        contours.AcceptOnlyFromAmong("on", "off");
        var sigma = new Option<string>("--sigma") { Description = "landmark uncertainty in pixels, or auto (1.5% of the landmark box diagonal)", DefaultValueFactory = _ => "auto" };
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
        command.SetAction(parse => Run(parse.GetValue(input), parse.GetValue(views), parse.GetValue(camera)!, parse.GetValue(output), parse.GetValue(contours) == "on",
            parse.GetValue(sigma)!, IctSession.ParseLandmarks(parse.GetValue(landmarks)!)));
        return command;
    }

    private static int Run(string? input, string? views, string camera, string? output, bool contours, string sigmaText, LandmarkChoice landmarks)
    {
        try
        {
            double? sigma = IctSession.ParseSigma(sigmaText);
            if (contours && landmarks == LandmarkChoice.MediaPipe468)
                throw new ArgumentException("--contours on matches the 68-point jawline to the silhouette; it does not apply to --landmarks 468");
            if (views is not null && landmarks == LandmarkChoice.MediaPipe468)
                throw new ArgumentException("--views fits use the views' 68 landmarks; --landmarks 468 does not apply");
            if ((input is null) == (views is null))
                throw new ArgumentException("give either an input (align JSON or image) or --views views.json");
            string source = input ?? views!;
            string folder = output ?? Path.GetFileNameWithoutExtension(source) + "_fit";
            Directory.CreateDirectory(folder);
            var store = ModelStore.CreateDefault();
            var ict = IctSession.Load(store, contours, sigma);
            if (views is not null)
                return RunViews(views, folder, ict);

            AlignedImage aligned;
            if (Path.GetExtension(input!).Equals(".json", StringComparison.OrdinalIgnoreCase))
                aligned = FitInputs.ReadAlignJson(input!);
            else
                aligned = AlignImage(input!, store, folder);
            if (aligned.Faces.Count == 0)
            {
                Console.WriteLine($"{source}: no faces to fit");
                return 0;
            }
            string stem = Path.Combine(folder, Path.GetFileNameWithoutExtension(source));
            foreach (var line in ict.FitFaces(aligned, source, stem, camera == "pinhole", landmarks))
                Console.WriteLine(line);
            return 0;
        }
        catch (Exception e) when (CliErrors.IsUserError(e))
        {
            return CliErrors.Report(e);
        }
    }

    /// <summary>Runs the align pipeline (default detector and aligner) and keeps its JSON beside the fit outputs.</summary>
    private static AlignedImage AlignImage(string path, ModelStore store, string folder)
    {
        var image = PixelConversion.ToRgb8(ImageDecoder.Load(path, new DecodeOptions { ApplyExifOrientation = true }));
        var options = new AnalyzerOptions();
        using var handle = AnalyzerFactory.Create(store, options);
        var analysis = handle.Analyzer.Analyze(image);
        string json = Path.Combine(folder, Path.GetFileNameWithoutExtension(path) + ".json");
        AlignmentJsonWriter.Write(json, Path.GetFileName(path), analysis, AnalyzerFactory.Name(options.Detector), AnalyzerFactory.Name(options.Aligner));
        return IctSession.Aligned(Path.GetFileName(path), analysis);
    }

    private static int RunViews(string path, string folder, IctSession ict)
    {
        var views = FitInputs.ReadViews(path);
        var start = Stopwatch.GetTimestamp();
        var cameras = views.Select(v => v.Camera).ToArray();
        var fit = ict.Fitter.FitMultiView(views.Select(v => ict.Observe(v.Landmarks.Points, v.Landmarks.Sigma)).ToArray(), cameras);
        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        MultiViewConsistencyResult? consistency = null;
        if (views.Count >= 3)
        {
            var points = views.Select(v => v.Landmarks.Points.Select((p, k) => v.Landmarks.Sigma is { } s && double.IsPositiveInfinity(s[k]) ? new Point2(double.NaN, double.NaN) : p).ToArray()).ToArray();
            consistency = MultiViewConsistency.Evaluate(points, cameras);
        }
        var context = new FitJsonContext(path, null, null, null, 0, ict.Fitter.Options.UseContours, views.Select(v => v.Name).ToArray(),
            consistency, new Dictionary<string, string>(), ms);
        var files = FitOutputWriter.Write(Path.Combine(folder, Path.GetFileNameWithoutExtension(path)), context, fit, ict.Model, ict.Uvs);
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"{path}: {views.Count} views, landmark RMS {string.Join(" / ", fit.Views.Select(v => v.RmsError.ToString("0.00", c)))} px, {fit.Iterations} iterations, {ms:0.0} ms"));
        if (consistency is not null)
            Console.WriteLine(string.Create(c, $"  self-projection consistency {consistency.MeanDistance:0.00} px (leave-one-view-out DLT)"));
        else
            Console.WriteLine("  self-projection consistency needs 3 or more views");
        Console.WriteLine($"  wrote {files.Json}, {files.Obj}, {files.Ply}");
        return 0;
    }
}

/// <summary>Which landmarks of an align result `fit` uses.</summary>
internal enum LandmarkChoice { MultiPie68, MediaPipe468, Auto }

/// <summary>The loaded ICT model, its UV layout and fitters: shared by `fit`, `align --fit ict` and `track --fit ict`.</summary>
internal sealed class IctSession(IctFaceModel model, IctUvLayout uvs, FitOptions options, double? sigma)
{
    private readonly Lazy<FaceModelFitter> _pinhole68 = new(() => new FaceModelFitter(model, options with { FitFocalLength = true }));
    // MediaPipe's face oval is not a 2D jawline: contour matching stays with the 68-point layout.
    private readonly Lazy<FaceModelFitter> _ortho468 = new(() => new FaceModelFitter(model, options with { UseContours = false }, MediaPipeLayout(model)));
    private readonly Lazy<FaceModelFitter> _pinhole468 = new(() => new FaceModelFitter(model, options with { UseContours = false, FitFocalLength = true }, MediaPipeLayout(model)));

    public IctFaceModel Model { get; } = model;
    public IctUvLayout Uvs { get; } = uvs;

    /// <summary>The scaled orthographic fitter of the 68 Multi-PIE landmarks.</summary>
    public FaceModelFitter Fitter { get; } = new(model, options);

    /// <summary>The fitter for landmarks of <paramref name="count"/> points (68 or 468).</summary>
    public FaceModelFitter FitterFor(int count, bool pinhole) => (count, pinhole) switch
    {
        (IctMediaPipeCorrespondence.PointCount, false) => _ortho468.Value,
        (IctMediaPipeCorrespondence.PointCount, true) => _pinhole468.Value,
        (_, false) => Fitter,
        (_, true) => _pinhole68.Value,
    };

    private static LandmarkLayout MediaPipeLayout(IctFaceModel model) => LandmarkLayout.MediaPipe468(IctMediaPipeCorrespondence.LoadBuiltIn(model.VertexCount));

    public static LandmarkChoice ParseLandmarks(string text) => text switch
    {
        "68" => LandmarkChoice.MultiPie68,
        "468" => LandmarkChoice.MediaPipe468,
        "auto" => LandmarkChoice.Auto,
        _ => throw new ArgumentException($"--landmarks '{text}': expected 68, 468 or auto"),
    };

    /// <summary>The landmarks of an analysis as `fit` reads them from an align JSON: 68 points always, 468 for MediaPipe's mesh.</summary>
    public static AlignedImage Aligned(string image, ImageAnalysis analysis)
    {
        static Point2[] Xy(IReadOnlyList<System.Numerics.Vector3> points) => points.Select(p => new Point2(p.X, p.Y)).ToArray();
        return new AlignedImage(image, analysis.Width, analysis.Height,
            analysis.Faces.Select(f => Xy(FaceLandmarks68.Of(f.Alignment.Landmarks3D))).ToArray(),
            analysis.Faces.Select(f => FaceLandmarks68.IsFaceMesh(f.Alignment.Landmarks3D) ? Xy(f.Alignment.Landmarks3D) : null).ToArray());
    }

    /// <summary>"auto" (null) or a positive number of pixels.</summary>
    public static double? ParseSigma(string text) =>
        text.Equals("auto", StringComparison.OrdinalIgnoreCase) ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s > 0 && double.IsFinite(s) ? s
        : throw new ArgumentException($"--sigma '{text}' is neither auto nor a positive number of pixels");

    /// <summary>The landmark observation with the session's sigma for all points (<see cref="LandmarkObservation.WithUniformSigma"/>).</summary>
    public LandmarkObservation Observe(Point2[] points, double[]? unobserved = null) => LandmarkObservation.WithUniformSigma(points, sigma, unobserved);

    public static IctSession Load(ModelStore store, bool contours, double? sigma)
    {
        string path = store.PathOf(ModelFiles.IctModel);
        var model = IctFaceModelReader.Load(path);
        var uvs = IctUvLayout.Load(path, model.Topology.FaceCount);
        return new IctSession(model, uvs, new FitOptions { UseContours = contours }, sigma);
    }

    /// <summary>
    /// Fits every face of an aligned image and writes <c>stem.face{k}.fit.json/.obj/.ply</c>; returns one summary line
    /// per face. Pinhole fits start from a focal length of max(width, height) pixels and the image centre. Each face
    /// is fitted to its 468 MediaPipe landmarks when <paramref name="landmarks"/> asks for them (or is auto and the
    /// face has them), else to its 68 landmarks.
    /// </summary>
    /// <exception cref="ArgumentException">468 landmarks asked for but a face has none.</exception>
    public List<string> FitFaces(AlignedImage aligned, string source, string stem, bool pinhole, LandmarkChoice landmarks = LandmarkChoice.Auto)
    {
        var camera = pinhole
            ? ViewCamera.PinholeAtOrigin(Math.Max(aligned.Width, aligned.Height), (aligned.Width - 1) / 2.0, (aligned.Height - 1) / 2.0)
            : ViewCamera.Orthographic();
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>();
        for (int f = 0; f < aligned.Faces.Count; f++)
        {
            var dense = aligned.Faces468 is { } all && f < all.Count ? all[f] : null;
            if (landmarks == LandmarkChoice.MediaPipe468 && dense is null)
                throw new ArgumentException($"{source}: face {f} has no landmarks468 (align with --aligner mediapipe); use --landmarks 68 or auto");
            var points = landmarks != LandmarkChoice.MultiPie68 && dense is not null ? dense : aligned.Faces[f];
            var fitter = FitterFor(points.Length, pinhole);
            var start = Stopwatch.GetTimestamp();
            var fit = fitter.FitImage(Observe(points), camera);
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            var context = new FitJsonContext(source, aligned.Image, aligned.Width, aligned.Height, f, fitter.Options.UseContours, ["image"],
                null, new Dictionary<string, string>(), ms);
            var files = FitOutputWriter.Write($"{stem}.face{f}", context, fit, Model, Uvs);
            var top = fit.ExpressionWeights.OrderByDescending(kv => kv.Value).Take(3).Select(kv => string.Create(c, $"{kv.Key} {kv.Value:0.00}"));
            lines.Add(string.Create(c, $"{source} face {f}: {fit.Landmarks} RMS {fit.Views[0].RmsError:0.00} px, {fit.Iterations} iterations, {ms:0.0} ms; {string.Join(", ", top)}; "
                + $"asymmetry blendshapes {files.Analysis.BlendshapeAsymmetry.MeanAbsDifference:0.000}, landmarks {files.Analysis.LandmarkAsymmetry.Normalized:0.000}; wrote {files.Json}"));
        }
        return lines;
    }
}
