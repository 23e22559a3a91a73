using System.Collections.Concurrent;
using System.Diagnostics;
using FaceAlign3D.Alignment;
using FaceAlign3D.Evaluation.Metrics;
using FaceAlign3D.Fitting;
using FaceAlign3D.Geometry;
using FaceAlign3D.Models;
using FaceAlign3D.Morphable.IctFaceKit;
using FaceAlign3D.Tracking;

namespace FaceAlign3D.Pipeline;

/// <summary>Which landmarks of an aligned face a fit uses.</summary>
public enum FitLandmarks
{
    /// <summary>The 68 Multi-PIE landmarks, always present.</summary>
    MultiPie68,

    /// <summary>MediaPipe's 468 landmarks; a face without them is an error.</summary>
    MediaPipe468,

    /// <summary>468 when the face has them, else 68.</summary>
    Auto,
}

/// <summary>How faces are fitted.</summary>
public sealed record FitSettings
{
    /// <summary>Pinhole camera with a fitted focal length instead of scaled orthographic.</summary>
    public bool Pinhole { get; init; }

    /// <summary>Match the 68-point jawline to the silhouette (68-point fits only).</summary>
    public bool Contours { get; init; }

    /// <summary>Landmark uncertainty: the aligner's predicted sigmas when present (default), uniform, or fixed pixels.</summary>
    public LandmarkSigma Sigma { get; init; } = LandmarkSigma.Auto;

    public FitLandmarks Landmarks { get; init; } = FitLandmarks.Auto;
}

/// <summary>One fitted face of an image: its index, the fit, the options it ran with and how long it took.</summary>
public sealed record FaceFit(int Face, FitResult Result, FitOptions Options, double Milliseconds);

/// <summary>A joint fit of calibrated views, with the views' self-projection consistency when there are 3 or more.</summary>
public sealed record MultiViewFit(FitResult Result, FitOptions Options, MultiViewConsistencyResult? Consistency, double Milliseconds);

/// <summary>
/// The ICT face model loaded once, with its UV layout and a fitter per landmark layout, camera and contour choice
/// (built on first use). Fits single images, calibrated views and tracked sequences. Thread-safe.
/// </summary>
public sealed class FaceFitting(IctFaceModel model, IctUvLayout uvs)
{
    private readonly ConcurrentDictionary<(bool Mesh468, bool Pinhole, bool Contours), Lazy<FaceModelFitter>> _fitters = new();

    public IctFaceModel Model { get; } = model;
    public IctUvLayout Uvs { get; } = uvs;

    public static FaceFitting Load(ModelStore store)
    {
        string path = store.PathOf(ModelFiles.IctModel);
        var model = IctFaceModelReader.Load(path);
        return new FaceFitting(model, IctUvLayout.Load(path, model.Topology.FaceCount));
    }

    /// <summary>The fitter for landmarks laid out as <paramref name="layout"/> says.</summary>
    internal FaceModelFitter FitterFor(AlignmentLayout layout, bool pinhole, bool contours = false)
    {
        bool mesh = layout == AlignmentLayout.FaceMesh468;
        // MediaPipe's face oval is not a 2D jawline: contour matching stays with the 68-point layout.
        var key = (mesh, pinhole, contours && !mesh);
        return _fitters.GetOrAdd(key, k => new Lazy<FaceModelFitter>(() =>
        {
            var options = new FitOptions { UseContours = k.Contours, FitFocalLength = k.Pinhole };
            return k.Mesh468
                ? new FaceModelFitter(Model, options, LandmarkLayout.MediaPipe468(IctMediaPipeCorrespondence.LoadBuiltIn(Model.VertexCount)))
                : new FaceModelFitter(Model, options);
        })).Value;
    }

    /// <summary>
    /// The landmarks of an analysis as `fit` reads them from an align JSON: 68 points always, 468 for MediaPipe's
    /// mesh, the 68 predicted sigmas when the aligner gives them.
    /// </summary>
    public static AlignedImage Aligned(string image, ImageAnalysis analysis)
    {
        static Point2[] Xy(IReadOnlyList<System.Numerics.Vector3> points) => points.Select(p => new Point2(p.X, p.Y)).ToArray();
        return new AlignedImage(image, analysis.Width, analysis.Height,
            analysis.Faces.Select(f => Xy(FaceLandmarks68.Of(f.Alignment))).ToArray(),
            analysis.Faces.Select(f => f.Alignment.Layout == AlignmentLayout.FaceMesh468 ? Xy(f.Alignment.Landmarks3D) : null).ToArray(),
            analysis.Faces.Select(f => f.Alignment.LandmarkSigmas?.ToArray()).ToArray());
    }

    /// <summary>
    /// Fits every face of an aligned image. Pinhole fits start from a focal length of max(width, height) pixels and
    /// the image centre. Each face is fitted to its 468 MediaPipe landmarks when the settings ask for them (or are
    /// auto and the face has them), else to its 68 landmarks.
    /// </summary>
    /// <exception cref="ArgumentException">468 landmarks asked for but a face has none.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> fired (checked before each face).</exception>
    public IReadOnlyList<FaceFit> FitFaces(AlignedImage aligned, FitSettings settings, CancellationToken cancellation = default)
    {
        if (settings.Contours && settings.Landmarks == FitLandmarks.MediaPipe468)
            throw new ArgumentException("contour matching fits the 68-point jawline to the silhouette; it does not apply to 468 landmarks");
        var camera = settings.Pinhole
            ? ViewCamera.PinholeAtOrigin(Math.Max(aligned.Width, aligned.Height), (aligned.Width - 1) / 2.0, (aligned.Height - 1) / 2.0)
            : ViewCamera.Orthographic();
        var fits = new List<FaceFit>(aligned.Faces.Count);
        for (int f = 0; f < aligned.Faces.Count; f++)
        {
            cancellation.ThrowIfCancellationRequested();
            var dense = aligned.Faces468 is { } all && f < all.Count ? all[f] : null;
            if (settings.Landmarks == FitLandmarks.MediaPipe468 && dense is null)
                throw new ArgumentException($"{aligned.Image}: face {f} has no landmarks468 (align with --aligner mediapipe); use --landmarks 68 or auto");
            var layout = settings.Landmarks != FitLandmarks.MultiPie68 && dense is not null ? AlignmentLayout.FaceMesh468 : AlignmentLayout.Tddfa68;
            var points = layout == AlignmentLayout.FaceMesh468 ? dense! : aligned.Faces[f];
            var fitter = FitterFor(layout, settings.Pinhole, settings.Contours);
            long start = Stopwatch.GetTimestamp();
            var predicted = layout == AlignmentLayout.Tddfa68 && aligned.Sigmas68 is { } sigmas && f < sigmas.Count ? sigmas[f] : null;
            var fit = fitter.FitImage(settings.Sigma.Observe(points, predicted), camera);
            fits.Add(new FaceFit(f, fit, fitter.Options, Stopwatch.GetElapsedTime(start).TotalMilliseconds));
        }
        return fits;
    }

    /// <summary>One identity, expression and pose fitted jointly to calibrated views of one face (68 landmarks each).</summary>
    public MultiViewFit FitViews(IReadOnlyList<FitView> views, FitSettings settings)
    {
        var fitter = FitterFor(AlignmentLayout.Tddfa68, pinhole: false, settings.Contours);
        long start = Stopwatch.GetTimestamp();
        var cameras = views.Select(v => v.Camera).ToArray();
        var fit = fitter.FitMultiView(views.Select(v => LandmarkObservation.WithUniformSigma(v.Landmarks.Points, settings.Sigma.Pixels, v.Landmarks.Sigma)).ToArray(), cameras);
        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        MultiViewConsistencyResult? consistency = null;
        if (views.Count >= 3)
        {
            var points = views.Select(v => v.Landmarks.Points.Select((p, k) => v.Landmarks.Sigma is { } s && double.IsPositiveInfinity(s[k]) ? new Point2(double.NaN, double.NaN) : p).ToArray()).ToArray();
            consistency = MultiViewConsistency.Evaluate(points, cameras);
        }
        return new MultiViewFit(fit, fitter.Options, consistency, ms);
    }

    /// <summary>
    /// A fitter of tracked sequences (one identity per track) for landmarks laid out as <paramref name="layout"/> says,
    /// each frame weighed as <paramref name="sigma"/> says (default <see cref="LandmarkSigma.Auto"/>).
    /// </summary>
    internal IctTrackFitter TrackFitter(AlignmentLayout layout, LandmarkSigma? sigma = null)
    {
        var choice = sigma ?? LandmarkSigma.Auto;
        return new(FitterFor(layout, pinhole: false), ViewCamera.Orthographic(),
            alignment => choice.Observe(alignment.Landmarks3D.Select(p => new Point2(p.X, p.Y)).ToArray(), alignment.LandmarkSigmas));
    }
}
