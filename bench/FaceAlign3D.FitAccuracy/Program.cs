// ICT fit accuracy on a `synth video` set (exact identity and landmarks per frame) with the aligner's predicted
// per-landmark sigmas against the uniform sigma, on the same alignments: every frame is aligned once (FaceBoxes,
// then tddfa with the given regressor), then fitted both ways as `fit` does (one image) and as `track --fit ict`
// does (each clip's frames as one track, one identity). Identity error: median face-region vertex distance (cm)
// between the neutral meshes of the fitted and the true identity after a similarity alignment; landmark error: the
// fit's 68 projected ICT landmark vertices against the truth's, in % of sqrt(truth box area). A third row keeps the
// predicted sigmas' proportions but rescales them so that the summed weight sum 1/sigma^2 equals the uniform
// sigma's (the data term as strong as with uniform weights, against the same priors); the mean shape's identity
// error is the floor a fit must beat.
using System.Globalization;
using System.Text.Json;
using FaceAlign3D.Alignment;
using FaceAlign3D.Evaluation.Metrics;
using FaceAlign3D.Geometry;
using FaceAlign3D.Models;
using FaceAlign3D.Pipeline;

if (args.Length is < 2 or > 3 || (args.Length == 3 && !int.TryParse(args[2], out _)))
{
    Console.Error.WriteLine("usage: FaceAlign3D.FitAccuracy <synth video folder> <regressor.onnx> [clips]");
    return 2;
}
string folder = args[0];
int clipLimit = args.Length == 3 ? int.Parse(args[2], CultureInfo.InvariantCulture) : int.MaxValue;
using var toolkit = FaceToolkit.Open(ModelStore.CreateDefault(), new AnalyzerOptions { TddfaRegressorPath = args[1] }, analyzers: 1, loadFaceModel: true);
var model = toolkit.Fitting.Model;
LandmarkSigma[] choices = [LandmarkSigma.Auto, LandmarkSigma.Auto, LandmarkSigma.Uniform];
string[] names = ["predicted", "predicted, rescaled to the uniform weight", "uniform"];
bool[] rescaled = [false, true, false];

using var annotations = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "annotations.json")));
var frames = annotations.RootElement.GetProperty("samples").EnumerateArray()
    .Select(s => (Image: s.GetProperty("image").GetString()!, Clip: s.GetProperty("recipe").GetProperty("clip").GetInt32(),
        Truth: s.GetProperty("landmarks68_3d").EnumerateArray().Select(p => new Point2(p[0].GetDouble(), p[1].GetDouble())).ToArray(),
        Identity: s.GetProperty("params").GetProperty("identity").EnumerateArray().Select(v => v.GetDouble()).ToArray()))
    .Where(f => f.Clip < clipLimit).ToList();

var imageIdentity = names.Select(_ => new List<double>()).ToArray();
var imageLandmarks = names.Select(_ => new List<double>()).ToArray();
var sequenceIdentity = names.Select(_ => new List<double>()).ToArray();
var sequenceLandmarks = names.Select(_ => new List<double>()).ToArray();
var alignerNme = new List<double>();
var meanShape = new List<double>();
int missed = 0;
foreach (var clip in frames.GroupBy(f => f.Clip))
{
    var trackFitters = choices.Select(c => toolkit.Fitting.TrackFitter(AlignmentLayout.Tddfa68, c)).ToArray();
    foreach (var t in trackFitters) t.BeginTrack(clip.Key);
    var kept = new List<(Point2[] Truth, double[] Identity)>();
    foreach (var frame in clip)
    {
        var analysis = toolkit.Analyze(Path.Combine(folder, "images", frame.Image));
        double size = FaceSize(frame.Truth);
        // The detected face nearest the truth; a frame without one is counted and left out of both fits.
        var face = analysis.Faces.MinBy(f => Distance(Centre(f.Alignment.Landmarks2D.Select(p => new Point2(p.X, p.Y)).ToArray()), Centre(frame.Truth)));
        if (face is null || Distance(Centre(face.Alignment.Landmarks2D.Select(p => new Point2(p.X, p.Y)).ToArray()), Centre(frame.Truth)) > 0.5 * size)
        {
            missed++;
            continue;
        }
        var points = face.Alignment.Landmarks2D.Select(p => new Point2(p.X, p.Y)).ToArray();
        alignerNme.Add(MeanDistance(points, frame.Truth) / size);
        meanShape.Add(ShapeError.IdentityError(model, new double[frame.Identity.Length], frame.Identity));
        for (int c = 0; c < choices.Length; c++)
        {
            var alignment = rescaled[c] ? face.Alignment with { LandmarkSigmas = Rescaled(face.Alignment.LandmarkSigmas!, points) } : face.Alignment;
            var single = new ImageAnalysis(analysis.Width, analysis.Height, [face with { Alignment = alignment }], analysis.DetectTime, analysis.AlignTime);
            var fit = toolkit.Fit(FaceFitting.Aligned(frame.Image, single), new FitSettings { Sigma = choices[c], Landmarks = FitLandmarks.MultiPie68 }).Single().Result;
            imageIdentity[c].Add(ShapeError.IdentityError(model, fit.Identity, frame.Identity));
            imageLandmarks[c].Add(MeanDistance(fit.Views[0].Projected, frame.Truth) / size);
            trackFitters[c].Fit(clip.Key, null!, 0, alignment);
        }
        kept.Add((frame.Truth, frame.Identity));
    }
    for (int c = 0; c < choices.Length; c++)
    {
        trackFitters[c].EndTrack(clip.Key);
        if (trackFitters[c].Completed.Count == 0) continue;
        var sequence = trackFitters[c].Completed[0].Result;
        sequenceIdentity[c].Add(ShapeError.IdentityError(model, sequence.Identity, kept[0].Identity));
        for (int i = 0; i < kept.Count; i++)
            sequenceLandmarks[c].Add(MeanDistance(sequence.Frames[i].Views[0].Projected, kept[i].Truth) / FaceSize(kept[i].Truth));
    }
    Console.Error.WriteLine($"clip {clip.Key}: {kept.Count} frames; sequence identity error " +
        string.Join(", ", names.Select((n, c) => string.Create(CultureInfo.InvariantCulture, $"{n} {sequenceIdentity[c].LastOrDefault():0.000} cm"))));
}

var inv = CultureInfo.InvariantCulture;
Console.WriteLine(string.Create(inv, $"{folder}: {alignerNme.Count} frames in {frames.Select(f => f.Clip).Distinct().Count()} clips ({missed} without a face); aligner NME {100 * alignerNme.Average():0.000} %; mean-shape identity error {meanShape.Average():0.000} cm"));
Console.WriteLine("| sigma | image fits: identity error (cm), mean / median | image fits: landmark NME | sequence fits: identity error (cm), mean / median | sequence fits: landmark NME |");
Console.WriteLine("|---|---|---|---|---|");
for (int c = 0; c < choices.Length; c++)
    Console.WriteLine(string.Create(inv, $"| {names[c]} | {imageIdentity[c].Average():0.000} / {ShapeError.Median([.. imageIdentity[c]]):0.000} | {100 * imageLandmarks[c].Average():0.000} % | {sequenceIdentity[c].Average():0.000} / {ShapeError.Median([.. sequenceIdentity[c]]):0.000} | {100 * sequenceLandmarks[c].Average():0.000} % |"));
return 0;

// Same proportions, summed 1/sigma^2 equal to 68 points at the uniform sigma (1.5% of the landmark box diagonal).
static float[] Rescaled(IReadOnlyList<float> sigmas, Point2[] points)
{
    double w = points.Max(p => p.X) - points.Min(p => p.X), h = points.Max(p => p.Y) - points.Min(p => p.Y);
    double uniform = FaceAlign3D.Fitting.LandmarkObservation.AutoSigmaFraction * Math.Sqrt(w * w + h * h);
    double factor = Math.Sqrt(sigmas.Sum(s => 1.0 / (s * s)) * uniform * uniform / sigmas.Count);
    return sigmas.Select(s => (float)(s * factor)).ToArray();
}

static Point2 Centre(Point2[] points) => new(points.Average(p => p.X), points.Average(p => p.Y));

static double Distance(Point2 a, Point2 b) => Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));

static double MeanDistance(Point2[] a, Point2[] b) => a.Zip(b, Distance).Average();

static double FaceSize(Point2[] truth) =>
    Math.Sqrt((truth.Max(p => p.X) - truth.Min(p => p.X)) * (truth.Max(p => p.Y) - truth.Min(p => p.Y)));
