using FaceAlign3D.Geometry;
using FaceAlign3D.Morphable;

namespace FaceAlign3D.Fitting;

/// <summary>
/// Fits the ICT face model to 2D landmarks: one image, a sequence (shared identity, per-frame expression and pose,
/// temporal smoothing) or several calibrated views of one moment (one joint energy). See docs/fitting.md.
/// Thread-safe: each call works on its own state.
/// </summary>
internal sealed class FaceModelFitter
{
    private readonly IMorphableModel _model;
    private readonly FitOptions _options;
    private readonly LandmarkLayout _layout;
    private readonly ShapeBasis _landmarkBasis;
    private readonly Lazy<ContourMatcher> _contours;
    private readonly Lazy<ShapeBasis> _temporalBasis;
    private volatile BasisMoments? _moments;

    /// <param name="model">The ICT face model.</param>
    /// <param name="options">Fit settings (defaults when null).</param>
    /// <param name="layout">The landmarks the observations hold; null means the model's 68 Multi-PIE vertices.</param>
    /// <exception cref="ArgumentException">invalid options, or contours with a layout that has no Multi-PIE jaw.</exception>
    public FaceModelFitter(IMorphableModel model, FitOptions? options = null, LandmarkLayout? layout = null)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _options = options ?? new FitOptions();
        _options.Validate(model.IdentityCount);
        _layout = layout ?? LandmarkLayout.MultiPie68(model);
        if (_options.UseContours && !_layout.HasMultiPieJaw)
            throw new ArgumentException($"contour matching moves the Multi-PIE jaw landmarks; the {_layout.Name} layout has none");
        _landmarkBasis = ShapeBasis.FromSurfacePoints(model, _layout.Points, _options.IdentityCount);
        _contours = new Lazy<ContourMatcher>(() => new ContourMatcher(model));
        _temporalBasis = new Lazy<ShapeBasis>(() => _options.TemporalVertices is { } t
            ? ShapeBasis.FromModel(model, t, _options.IdentityCount)
            : ShapeBasis.FromModel(model, model.Landmarks68.Where((_, k) => k % 2 == 0).ToArray(), _options.IdentityCount));
    }

    public FitOptions Options => _options;

    /// <summary>The landmarks observations must hold, in order.</summary>
    public LandmarkLayout Layout => _layout;

    private int LandmarkCount => _layout.Count;

    /// <summary>The observation's 1/sigma^2 times the layout's relative weight, per landmark.</summary>
    private double[] WeightsOf(LandmarkObservation landmarks)
    {
        var w = landmarks.Weights();
        for (int k = 0; k < w.Length; k++)
            w[k] *= _layout.RelativeWeights[k];
        return w;
    }

    /// <summary>Fits one face in one image seen by <paramref name="camera"/>.</summary>
    /// <exception cref="ArgumentException">degenerate landmarks or an invalid camera.</exception>
    public FitResult FitImage(LandmarkObservation landmarks, ViewCamera camera)
    {
        ArgumentNullException.ThrowIfNull(landmarks);
        ArgumentNullException.ThrowIfNull(camera);
        camera.Validate("FitImage");
        var points = landmarks.Validate(LandmarkCount, "FitImage");
        var view = new EnergyView(camera, _landmarkBasis, points, WeightsOf(landmarks));
        var frame = new EnergyFrame([view], InitialPose(camera, points, camera.Fx), new double[_model.ExpressionCount]);
        var identity = new double[_options.IdentityCount];
        bool fitFocal = _options.FitFocalLength && camera.Kind == ProjectionKind.Pinhole;
        var (result, focal) = Solve([frame], identity, camera.Fx, fitIdentity: true, fitFocal, _options.Solver);
        return MakeResult(frame, identity, focal, fitFocal, result);
    }

    /// <summary>
    /// Fits a clip: one identity (and focal length when free) for all frames, expression and pose per frame, with
    /// the temporal acceleration term when <see cref="EnergyWeights.Temporal"/> is positive. Frames are first fitted
    /// one by one from their predecessor with the mean identity; then identity and all frames are solved jointly
    /// (Schur complement on the arrow-shaped normal equations); then, with the temporal term on, frames are refined
    /// in <see cref="FitOptions.SequenceRounds"/> sweeps over time with the identity held.
    /// </summary>
    public SequenceFitResult FitSequence(IReadOnlyList<LandmarkObservation> frames, ViewCamera camera)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(camera);
        if (frames.Count == 0)
            throw new ArgumentException("FitSequence: no frames");
        camera.Validate("FitSequence");
        var energyFrames = new EnergyFrame[frames.Count];
        for (int f = 0; f < frames.Count; f++)
        {
            var points = (frames[f] ?? throw new ArgumentException($"FitSequence: frame {f} is null")).Validate(LandmarkCount, $"FitSequence frame {f}");
            var view = new EnergyView(camera, _landmarkBasis, points, WeightsOf(frames[f]));
            energyFrames[f] = new EnergyFrame([view], new double[FaceEnergy.PoseSize], new double[_model.ExpressionCount]);
        }
        var identity = new double[_options.IdentityCount];
        double focal = camera.Fx;
        bool fitFocal = _options.FitFocalLength && camera.Kind == ProjectionKind.Pinhole;
        var last = new (LeastSquaresResult Result, double Focal)[frames.Count];

        // Pass 0: independent frames with the mean identity, each starting from its predecessor.
        for (int f = 0; f < frames.Count; f++)
        {
            var frame = energyFrames[f];
            if (f == 0 || !IsPlausible(energyFrames[f - 1], frame))
                InitialPose(camera, frame.Views[0].Observed, focal).CopyTo(frame.Pose, 0);
            else
            {
                energyFrames[f - 1].Pose.CopyTo(frame.Pose, 0);
                energyFrames[f - 1].Expression.CopyTo(frame.Expression, 0);
            }
            last[f] = Solve([frame], identity, focal, fitIdentity: false, fitFocal: false, _options.FrameSolver with { MaxIterations = Math.Min(6, _options.FrameSolver.MaxIterations) });
        }
        // Joint Gauss-Newton over the shared identity (and focal) and every frame, by Schur complement.
        var blockWeights = _options.Weights with { IdentityPrior = 0 };
        var blocks = energyFrames.Select(f => (ILeastSquaresProblem)new FaceEnergy([f], _options.IdentityCount, _model.ExpressionCount,
            identity, focal, fitIdentity: true, fitFocal, fitFrames: true, blockWeights)).ToArray();
        var shared = fitFocal ? [.. identity, focal] : (double[])identity.Clone();
        var own = energyFrames.Select(f => (double[])[.. f.Pose, .. f.Expression]).ToArray();
        SharedBlockSolver.Solve(blocks, shared.Length, shared, own, _options.Weights.IdentityPrior, _options.IdentityCount, _options.SequenceSolver);
        Array.Copy(shared, identity, identity.Length);
        if (fitFocal)
            focal = shared[^1];
        for (int f = 0; f < frames.Count; f++)
        {
            Array.Copy(own[f], energyFrames[f].Pose, FaceEnergy.PoseSize);
            Array.Copy(own[f], FaceEnergy.PoseSize, energyFrames[f].Expression, 0, _model.ExpressionCount);
        }
        // Temporal smoothing: Gauss-Seidel sweeps over time with the identity held; each frame sees its neighbours' latest values.
        for (int sweep = 0; sweep < (_options.Weights.Temporal > 0 ? _options.SequenceRounds : 0); sweep++)
            for (int f = 0; f < frames.Count; f++)
            {
                energyFrames[f].Temporal = TemporalAnchorsFor(energyFrames, f, identity);
                last[f] = Solve([energyFrames[f]], identity, focal, fitIdentity: false, fitFocal: false, _options.FrameSolver);
            }
        var results = new FitResult[frames.Count];
        for (int f = 0; f < frames.Count; f++)
        {
            energyFrames[f].Temporal = null;
            // The joint solve moved every frame after its own last solve: report this frame's energy at the final values.
            var frameEnergy = new FaceEnergy([energyFrames[f]], _options.IdentityCount, _model.ExpressionCount, identity, focal,
                fitIdentity: false, fitFocal: false, fitFrames: true, _options.Weights);
            var residuals = new double[frameEnergy.ResidualCount];
            frameEnergy.Evaluate(frameEnergy.Pack(), residuals, default);
            double cost = 0.5 * residuals.Sum(x => x * x);
            results[f] = MakeResult(energyFrames[f], identity, focal, fitFocal, last[f].Result with { FinalCost = cost });
        }
        return new SequenceFitResult(identity, results);
    }

    /// <summary>
    /// Fits one face seen at the same moment by calibrated pinhole cameras with one joint energy (identity,
    /// expression and head pose shared by all views). The start comes from DLT-triangulated landmarks.
    /// </summary>
    public FitResult FitMultiView(IReadOnlyList<LandmarkObservation> views, IReadOnlyList<PinholeCamera> cameras)
    {
        ArgumentNullException.ThrowIfNull(views);
        ArgumentNullException.ThrowIfNull(cameras);
        if (views.Count != cameras.Count)
            throw new ArgumentException($"FitMultiView: {views.Count} landmark sets but {cameras.Count} cameras");
        if (views.Count == 0)
            throw new ArgumentException("FitMultiView: no views");
        var energyViews = new EnergyView[views.Count];
        for (int v = 0; v < views.Count; v++)
        {
            var camera = ViewCamera.FromPinhole(cameras[v] ?? throw new ArgumentException($"FitMultiView: camera {v} is null"));
            camera.Validate($"FitMultiView camera {v}");
            var points = (views[v] ?? throw new ArgumentException($"FitMultiView: view {v} is null")).Validate(LandmarkCount, $"FitMultiView view {v}");
            energyViews[v] = new EnergyView(camera, _landmarkBasis, points, WeightsOf(views[v]));
        }
        var frame = new EnergyFrame(energyViews, MultiViewInitialPose(energyViews, cameras), new double[_model.ExpressionCount]);
        var identity = new double[_options.IdentityCount];
        var (result, focal) = Solve([frame], identity, energyViews[0].Camera.Fx, fitIdentity: true, fitFocal: false, _options.Solver);
        return MakeResult(frame, identity, focal, false, result);
    }

    private double[] InitialPose(ViewCamera camera, Point2[] points, double focal) => camera.Kind == ProjectionKind.Pinhole
        ? PoseInitializer.Pinhole(_landmarkBasis.Mean, points, camera, focal)
        : PoseInitializer.Orthographic(_landmarkBasis.Mean, points, camera);

    /// <summary>Warm starts are kept unless the face jumped (the predecessor's fit is then a poor start).</summary>
    private static bool IsPlausible(EnergyFrame previous, EnergyFrame next)
    {
        var a = previous.Views[0].Observed;
        var b = next.Views[0].Observed;
        double shift = 0, spread = 0;
        int n = 0;
        for (int k = 0; k < a.Length; k++)
            if (a[k].IsFinite && b[k].IsFinite)
            {
                shift += Point2.Distance(a[k], b[k]);
                spread += Point2.Distance(a[k], a[0]);
                n++;
            }
        return n > 0 && shift < 0.5 * spread;
    }

    private double[] MultiViewInitialPose(EnergyView[] views, IReadOnlyList<PinholeCamera> cameras)
    {
        if (views.Length == 1)
            return InitialPose(views[0].Camera, views[0].Observed, views[0].Camera.Fx);
        var projections = cameras.Select(c => c.ProjectionMatrix()).ToArray();
        var model = new List<Vec3>();
        var world = new List<Vec3>();
        for (int k = 0; k < LandmarkCount; k++)
        {
            var pixels = views.Select(v => v.Observed[k]).ToArray();
            if (pixels.Count(p => p.IsFinite) < 2)
                continue;
            Vec3 x;
            try { x = Dlt.Triangulate(projections, pixels); }
            catch (ArgumentException) { continue; }
            world.Add(x);
            model.Add(new Vec3(_landmarkBasis.Mean[3 * k], _landmarkBasis.Mean[3 * k + 1], _landmarkBasis.Mean[3 * k + 2]));
        }
        if (model.Count < 3)
            return InitialPose(views[0].Camera, views[0].Observed, views[0].Camera.Fx);
        var rigid = Umeyama.Estimate(Flatten(model), Flatten(world), estimateScale: false);
        var w = Rotation.ToAxisAngle(Mat3.FromArray(rigid.Rotation.ToArray()));
        return [w.X, w.Y, w.Z, rigid.Translation[0], rigid.Translation[1], rigid.Translation[2]];
    }

    private static double[] Flatten(List<Vec3> points)
    {
        var flat = new double[3 * points.Count];
        for (int i = 0; i < points.Count; i++)
        {
            flat[3 * i] = points[i].X;
            flat[3 * i + 1] = points[i].Y;
            flat[3 * i + 2] = points[i].Z;
        }
        return flat;
    }

    /// <summary>Fixed neighbour terms of the acceleration energy for frame t (every acceleration that involves x_t).</summary>
    private TemporalAnchors TemporalAnchorsFor(EnergyFrame[] frames, int t, double[] identity)
    {
        var basis = _temporalBasis.Value;
        var terms = new List<(double, double[])>();
        double[] Q(int s) => TemporalPositions(frames[s], basis, identity);
        int last = frames.Length - 1;
        if (t - 2 >= 0)
            terms.Add((1.0, Combine(1, Q(t - 2), -2, Q(t - 1))));
        if (t - 1 >= 0 && t + 1 <= last)
            terms.Add((-2.0, Combine(1, Q(t - 1), 1, Q(t + 1))));
        if (t + 2 <= last)
            terms.Add((1.0, Combine(-2, Q(t + 1), 1, Q(t + 2))));
        return new TemporalAnchors(basis, terms);
    }

    private static double[] Combine(double a, double[] x, double b, double[] y)
    {
        var r = new double[x.Length];
        for (int i = 0; i < r.Length; i++)
            r[i] = a * x[i] + b * y[i];
        return r;
    }

    private static double[] TemporalPositions(EnergyFrame frame, ShapeBasis basis, double[] identity)
    {
        var pose = frame.Pose;
        var rh = Rotation.FromAxisAngle(new Vec3(pose[0], pose[1], pose[2]), out var d0, out var d1, out var d2);
        var q = new double[3 * basis.Count];
        basis.Evaluate(identity, frame.Expression, q);
        Span<double> dq = stackalloc double[9];
        Span<double> dqPose = stackalloc double[18];
        for (int k = 0; k < basis.Count; k++)
        {
            var x = new Vec3(q[3 * k], q[3 * k + 1], q[3 * k + 2]);
            var p = FaceEnergy.TemporalPosition(frame.Views[0].Camera, pose, rh, d0, d1, d2, x, dq, dqPose);
            q[3 * k] = p.X; q[3 * k + 1] = p.Y; q[3 * k + 2] = p.Z;
        }
        return q;
    }

    /// <summary>Solves the energy for the given frames; with contours on, alternates correspondence updates and solves.</summary>
    private (LeastSquaresResult Result, double Focal) Solve(EnergyFrame[] frames, double[] identity, double focal,
        bool fitIdentity, bool fitFocal, LeastSquaresOptions solver)
    {
        LeastSquaresResult result;
        int round = 0;
        while (true)
        {
            var energy = new FaceEnergy(frames, _options.IdentityCount, _model.ExpressionCount, identity, focal,
                fitIdentity, fitFocal, fitFrames: true, _options.Weights)
            { Moments = fitIdentity && !fitFocal ? MomentsFor(frames) : null };
            result = LevenbergMarquardt.Solve(energy, energy.Pack(), solver);
            energy.Unpack(result.Parameters);
            focal = energy.SolvedFocal(result.Parameters);
            if (!_options.UseContours || round++ >= _options.ContourRounds || !UpdateContours(frames, identity, focal, fitFocal))
                break;
        }
        return (result, focal);
    }

    /// <summary>
    /// The landmark basis moments for a single orthographic view on the fixed landmark basis (contour rounds move
    /// the basis and use the dense Jacobian); the last ones are kept, as consecutive fits mostly share weights.
    /// </summary>
    private BasisMoments? MomentsFor(EnergyFrame[] frames)
    {
        if (frames is not [{ Views: [var view], Temporal: null }] || view.Camera.Kind != ProjectionKind.ScaledOrthographic
            || !ReferenceEquals(view.Basis, _landmarkBasis) || _landmarkBasis.IdentityCount == 0)
            return null;
        var weights = new double[view.Observed.Length];
        for (int k = 0; k < weights.Length; k++)
            weights[k] = view.Observed[k].IsFinite ? view.Weights[k] : 0;
        var cached = _moments;
        if (cached is not null && cached.Matches(_landmarkBasis, weights))
            return cached;
        var built = BasisMoments.Build(_landmarkBasis, weights);
        _moments = built;
        return built;
    }

    private bool UpdateContours(EnergyFrame[] frames, double[] identity, double focal, bool fitFocal)
    {
        bool changed = false;
        var vertices = new float[3 * _model.VertexCount];
        var h = new double[6];
        var dPose = new double[12];
        var dFocal = new double[2];
        foreach (var frame in frames)
        {
            _model.Evaluate(identity, frame.Expression, vertices);
            var pose = frame.Pose;
            var rh = Rotation.FromAxisAngle(new Vec3(pose[0], pose[1], pose[2]), out var d0, out var d1, out var d2);
            foreach (var view in frame.Views)
            {
                var correspondences = view.Basis.Vertices.ToArray();
                var camera = view.Camera;
                Point2 Project(Vec3 x) => FaceEnergy.ProjectPoint(camera, pose, rh, d0, d1, d2, focal, fitFocal, x, h, dPose, dFocal);
                if (_contours.Value.Update(vertices, rh, camera, Project, view.Observed, correspondences))
                {
                    view.Basis = ShapeBasis.FromModel(_model, correspondences, _options.IdentityCount);
                    changed = true;
                }
            }
        }
        return changed;
    }

    private FitResult MakeResult(EnergyFrame frame, double[] identity, double focal, bool fitFocal, LeastSquaresResult solve)
    {
        var pose = frame.Pose;
        var rh = Rotation.FromAxisAngle(new Vec3(pose[0], pose[1], pose[2]), out var d0, out var d1, out var d2);
        Span<double> h = stackalloc double[6];
        Span<double> dPose = stackalloc double[12];
        Span<double> dFocal = stackalloc double[2];
        var viewFits = new ViewLandmarkFit[frame.Views.Length];
        for (int v = 0; v < frame.Views.Length; v++)
        {
            var view = frame.Views[v];
            var camera = fitFocal ? view.Camera with { Fx = focal, Fy = focal } : view.Camera;
            int n = view.Basis.Count;
            var projected = new Point2[n];
            var residuals = new Point2[n];
            var observed = new bool[n];
            var positions = new double[3 * n];
            view.Basis.Evaluate(identity, frame.Expression, positions);
            for (int k = 0; k < n; k++)
            {
                var x = new Vec3(positions[3 * k], positions[3 * k + 1], positions[3 * k + 2]);
                projected[k] = FaceEnergy.ProjectPoint(camera, pose, rh, d0, d1, d2, focal, false, x, h, dPose, dFocal);
                observed[k] = view.Observed[k].IsFinite;
                residuals[k] = observed[k] ? projected[k] - view.Observed[k] : default;
            }
            viewFits[v] = new ViewLandmarkFit(camera, view.Basis.Vertices.ToArray(), projected, residuals, observed);
        }
        var kind = frame.Views[0].Camera.Kind;
        return new FitResult
        {
            Identity = (double[])identity.Clone(),
            Expression = (double[])frame.Expression.Clone(),
            ExpressionNames = _model.ExpressionNames,
            Pose = FitPose.FromParameters(pose, kind),
            Projection = kind,
            Landmarks = _layout.Name,
            Views = viewFits,
            Cost = solve.FinalCost,
            Iterations = solve.Iterations,
        };
    }
}
