using FaceAlign3D.Geometry;

namespace FaceAlign3D.Fitting;

/// <summary>One camera's landmarks in one frame, with the model rows of their corresponding vertices.</summary>
internal sealed class EnergyView(ViewCamera camera, ShapeBasis basis, Point2[] observed, double[] weights)
{
    public ViewCamera Camera { get; } = camera;
    public ShapeBasis Basis { get; set; } = basis; // replaced when contour correspondences move
    public Point2[] Observed { get; } = observed;   // non-finite = not observed
    public double[] Weights { get; } = weights;    // 1 / sigma^2 per landmark
}

/// <summary>
/// Fixed neighbour terms of the temporal energy for one frame: each term adds lambda |c q(x) + a|^2 over the
/// temporal vertices, where q is the posed position and (c, a) come from the frozen neighbouring frames.
/// </summary>
internal sealed class TemporalAnchors(ShapeBasis basis, List<(double Coefficient, double[] Offset)> terms)
{
    public ShapeBasis Basis { get; } = basis;
    public List<(double Coefficient, double[] Offset)> Terms { get; } = terms;
}

/// <summary>Per-frame unknowns and observations.</summary>
internal sealed class EnergyFrame(EnergyView[] views, double[] pose, double[] expression)
{
    public EnergyView[] Views { get; } = views;
    /// <summary>[w (axis-angle), t_h] for pinhole, [w, tx, ty, s] for scaled orthographic.</summary>
    public double[] Pose { get; } = pose;
    public double[] Expression { get; } = expression;
    public TemporalAnchors? Temporal { get; set; }
}

/// <summary>
/// The fitting energy as a least-squares problem:
/// sum over frames, views, landmarks of w_k |pi(x_k) - l_k|^2 (FlowFace eq 13 with w_k = 1/sigma_k^2)
/// + lambda_id |a|^2 + lambda_exp sum_j rho(b_j) + lambda_temp sum |x_{t-1} - 2 x_t + x_{t+1}|^2 (eq 14).
/// Which blocks are unknown is chosen per use: the shared identity (and a shared focal length for an uncalibrated
/// pinhole view), and/or each frame's pose and expression. Fixed blocks keep the values held by the frames.
/// </summary>
internal sealed class FaceEnergy : INormalEquationsProblem
{
    public const int PoseSize = 6;

    private readonly EnergyFrame[] _frames;
    private readonly EnergyWeights _weights;
    private readonly int _identityCount, _expressionCount;
    private readonly bool _fitIdentity, _fitFocal, _fitFrames;
    private readonly int _focalColumn, _firstFrameColumn;
    private readonly int _residualCount;
    private double[] _positions = []; // scratch: one basis's point positions

    public FaceEnergy(EnergyFrame[] frames, int identityCount, int expressionCount, double[] identity, double focal,
        bool fitIdentity, bool fitFocal, bool fitFrames, EnergyWeights weights)
    {
        _frames = frames;
        _identityCount = identityCount;
        _expressionCount = expressionCount;
        Identity = identity;
        Focal = focal;
        _fitIdentity = fitIdentity;
        _fitFocal = fitFocal;
        _fitFrames = fitFrames;
        _weights = weights;
        _focalColumn = fitIdentity ? identityCount : 0;
        _firstFrameColumn = _focalColumn + (fitFocal ? 1 : 0);
        ParameterCount = _firstFrameColumn + (fitFrames ? frames.Length * FrameSize : 0);
        int rows = 0;
        foreach (var f in frames)
        {
            foreach (var v in f.Views)
                rows += 2 * v.Basis.Count;
            if (fitFrames && f.Temporal is { } t)
                rows += 3 * t.Basis.Count * t.Terms.Count;
        }
        if (fitIdentity)
            rows += identityCount;
        if (fitFrames)
            rows += frames.Length * expressionCount;
        _residualCount = rows;
    }

    private int FrameSize => PoseSize + _expressionCount;

    /// <summary>The identity used when it is fixed (and the start when it is free).</summary>
    public double[] Identity { get; }

    public double Focal { get; }

    public int ParameterCount { get; }

    public int ResidualCount => _residualCount;

    /// <summary>Packs the current values of the free blocks.</summary>
    public double[] Pack()
    {
        var p = new double[ParameterCount];
        if (_fitIdentity)
            Identity.CopyTo(p, 0);
        if (_fitFocal)
            p[_focalColumn] = Focal;
        if (_fitFrames)
            for (int f = 0; f < _frames.Length; f++)
            {
                _frames[f].Pose.CopyTo(p, _firstFrameColumn + f * FrameSize);
                _frames[f].Expression.CopyTo(p, _firstFrameColumn + f * FrameSize + PoseSize);
            }
        return p;
    }

    /// <summary>Writes solved values back into the identity array and the frames.</summary>
    public void Unpack(ReadOnlySpan<double> p)
    {
        if (_fitIdentity)
            p[.._identityCount].CopyTo(Identity);
        if (_fitFrames)
            for (int f = 0; f < _frames.Length; f++)
            {
                p.Slice(_firstFrameColumn + f * FrameSize, PoseSize).CopyTo(_frames[f].Pose);
                p.Slice(_firstFrameColumn + f * FrameSize + PoseSize, _expressionCount).CopyTo(_frames[f].Expression);
            }
    }

    /// <summary>
    /// Moments of the landmark basis and weights; set for one frame with one scaled orthographic view, free identity
    /// and no temporal term, so the normal equations skip the dense Jacobian.
    /// </summary>
    public BasisMoments? Moments { get; init; }

    public bool HasNormalEquations => Moments is not null;

    public void NormalEquations(ReadOnlySpan<double> p, ReadOnlySpan<double> residuals, Span<double> a, Span<double> g)
    {
        var moments = Moments ?? throw new InvalidOperationException("no basis moments: use the dense Jacobian");
        var view = _frames[0].Views[0];
        var positions = Positions(view.Basis, p[.._identityCount], p.Slice(_firstFrameColumn + PoseSize, _expressionCount));
        OrthographicNormalEquations.Build(moments, view.Camera, view.Observed, p, positions, residuals, a, g);
        int n = ParameterCount, row = 2 * view.Basis.Count;
        double s = Math.Sqrt(_weights.IdentityPrior);
        for (int i = 0; i < _identityCount; i++, row++)
        {
            a[i * n + i] += s * s;
            g[i] += s * residuals[row];
        }
        int column = _firstFrameColumn + PoseSize;
        for (int j = 0; j < _expressionCount; j++, row++)
        {
            double d = SparsityDerivative(p[column + j]);
            a[(column + j) * n + column + j] += d * d;
            g[column + j] += d * residuals[row];
        }
    }

    /// <summary>d/db of the expression sparsity residual sqrt(lambda) b / (b^2 + eps^2)^(1/4).</summary>
    private double SparsityDerivative(double b)
    {
        double e2 = _weights.ExpressionEpsilon * _weights.ExpressionEpsilon;
        return Math.Sqrt(_weights.ExpressionSparsity) * (0.5 * b * b + e2) * Math.Pow(b * b + e2, -1.25);
    }

    public double SolvedFocal(ReadOnlySpan<double> p) => _fitFocal ? p[_focalColumn] : Focal;

    public void GetBounds(Span<double> lower, Span<double> upper)
    {
        if (_fitFocal)
            lower[_focalColumn] = 1e-6;
        if (!_fitFrames)
            return;
        for (int f = 0; f < _frames.Length; f++)
        {
            int c = _firstFrameColumn + f * FrameSize;
            if (_frames[f].Views[0].Camera.Kind == ProjectionKind.ScaledOrthographic)
                lower[c + 5] = 1e-9;
            lower.Slice(c + PoseSize, _expressionCount).Fill(0.0);
            upper.Slice(c + PoseSize, _expressionCount).Fill(1.0);
        }
    }

    public void Evaluate(ReadOnlySpan<double> p, Span<double> residuals, Span<double> jacobian)
    {
        bool withJ = !jacobian.IsEmpty;
        int n = ParameterCount;
        if (withJ)
            jacobian.Clear();
        ReadOnlySpan<double> identity = _fitIdentity ? p[.._identityCount] : Identity;
        double focal = _fitFocal ? p[_focalColumn] : Focal;
        int row = 0;
        Span<double> h = stackalloc double[6];
        Span<double> dPose = stackalloc double[12];
        Span<double> dFocal = stackalloc double[2];
        Span<double> dq = stackalloc double[9];
        Span<double> dqPose = stackalloc double[18];
        for (int f = 0; f < _frames.Length; f++)
        {
            var frame = _frames[f];
            int frameColumn = _firstFrameColumn + f * FrameSize;
            ReadOnlySpan<double> pose = _fitFrames ? p.Slice(frameColumn, PoseSize) : frame.Pose;
            ReadOnlySpan<double> expression = _fitFrames ? p.Slice(frameColumn + PoseSize, _expressionCount) : frame.Expression;
            var rh = Rotation.FromAxisAngle(new Vec3(pose[0], pose[1], pose[2]), out var d0, out var d1, out var d2);
            foreach (var view in frame.Views)
            {
                var basis = view.Basis;
                bool identityInBasis = basis.IdentityCount > 0;
                var positions = Positions(basis, identity, expression);
                for (int k = 0; k < basis.Count; k++, row += 2)
                {
                    var obs = view.Observed[k];
                    if (!obs.IsFinite)
                    {
                        residuals[row] = residuals[row + 1] = 0;
                        continue;
                    }
                    var x = new Vec3(positions[3 * k], positions[3 * k + 1], positions[3 * k + 2]);
                    var u = ProjectPoint(view.Camera, pose, rh, d0, d1, d2, focal, _fitFocal, x, h, dPose, dFocal);
                    double sw = Math.Sqrt(view.Weights[k]);
                    residuals[row] = sw * (u.X - obs.X);
                    residuals[row + 1] = sw * (u.Y - obs.Y);
                    if (!withJ)
                        continue;
                    for (int a = 0; a < 2; a++)
                    {
                        var jr = jacobian.Slice((row + a) * n, n);
                        double h0 = sw * h[3 * a], h1 = sw * h[3 * a + 1], h2 = sw * h[3 * a + 2];
                        if (_fitIdentity && identityInBasis)
                            AddBasisRow(jr[.._identityCount], basis.Identity, 3 * k, _identityCount, h0, h1, h2);
                        if (_fitFocal)
                            jr[_focalColumn] = sw * dFocal[a];
                        if (_fitFrames)
                        {
                            for (int q = 0; q < PoseSize; q++)
                                jr[frameColumn + q] = sw * dPose[a * PoseSize + q];
                            AddBasisRow(jr.Slice(frameColumn + PoseSize, _expressionCount), basis.Expression, 3 * k, _expressionCount, h0, h1, h2);
                        }
                    }
                }
            }
            if (_fitFrames && frame.Temporal is { } temporal)
                row = TemporalRows(temporal, frame.Views[0].Camera, pose, expression, identity, rh, d0, d1, d2, frameColumn, row, residuals, jacobian, n, dq, dqPose);
        }
        if (_fitIdentity)
        {
            double s = Math.Sqrt(_weights.IdentityPrior);
            for (int i = 0; i < _identityCount; i++, row++)
            {
                residuals[row] = s * identity[i];
                if (withJ)
                    jacobian[row * n + i] = s;
            }
        }
        if (_fitFrames)
        {
            double s = Math.Sqrt(_weights.ExpressionSparsity), e2 = _weights.ExpressionEpsilon * _weights.ExpressionEpsilon;
            for (int f = 0; f < _frames.Length; f++)
            {
                int column = _firstFrameColumn + f * FrameSize + PoseSize;
                for (int j = 0; j < _expressionCount; j++, row++)
                {
                    double b = p[column + j], q = b * b + e2;
                    residuals[row] = s * b / Math.Pow(q, 0.25);
                    if (withJ)
                        jacobian[row * n + column + j] = SparsityDerivative(b);
                }
            }
        }
    }

    /// <summary>The basis's point positions (3 per point) at these weights, in a buffer reused across calls.</summary>
    private ReadOnlySpan<double> Positions(ShapeBasis basis, ReadOnlySpan<double> identity, ReadOnlySpan<double> expression)
    {
        int length = 3 * basis.Count;
        if (_positions.Length < length)
            _positions = new double[length];
        var positions = _positions.AsSpan(0, length);
        basis.Evaluate(basis.IdentityCount > 0 ? identity : default, expression, positions);
        return positions;
    }

    /// <summary>jr[i] += h . B[3k .. 3k+2, i] for a row-major basis with <paramref name="width"/> columns.</summary>
    private static void AddBasisRow(Span<double> jr, double[] b, int firstRow, int width, double h0, double h1, double h2)
    {
        var r0 = b.AsSpan(firstRow * width, width);
        var r1 = b.AsSpan((firstRow + 1) * width, width);
        var r2 = b.AsSpan((firstRow + 2) * width, width);
        for (int i = 0; i < width; i++)
            jr[i] += h0 * r0[i] + h1 * r1[i] + h2 * r2[i];
    }

    /// <summary>
    /// Projects model point x; h = d(u,v)/dx (2x3), dPose = d(u,v)/dpose (2x6), dFocal = d(u,v)/df when the focal is free.
    /// </summary>
    internal static Point2 ProjectPoint(ViewCamera cam, ReadOnlySpan<double> pose, Mat3 rh, Mat3 d0, Mat3 d1, Mat3 d2,
        double focal, bool freeFocal, Vec3 x, Span<double> h, Span<double> dPose, Span<double> dFocal)
    {
        var rv = cam.R;
        Vec3 g0, g1;
        Point2 u;
        if (cam.Kind == ProjectionKind.Pinhole)
        {
            var y = rh * x + new Vec3(pose[3], pose[4], pose[5]);
            var c = rv * y + cam.T;
            double fx = freeFocal ? focal : cam.Fx, fy = freeFocal ? focal : cam.Fy;
            double iz = 1 / c.Z;
            u = new Point2(fx * c.X * iz + cam.Cx, fy * c.Y * iz + cam.Cy);
            var p0 = new Vec3(fx * iz, 0, -fx * c.X * iz * iz);
            var p1 = new Vec3(0, fy * iz, -fy * c.Y * iz * iz);
            g0 = rv.Transpose() * p0;
            g1 = rv.Transpose() * p1;
            dPose[3] = g0.X; dPose[4] = g0.Y; dPose[5] = g0.Z;
            dPose[9] = g1.X; dPose[10] = g1.Y; dPose[11] = g1.Z;
            dFocal[0] = c.X * iz;
            dFocal[1] = c.Y * iz;
        }
        else
        {
            double s = pose[5];
            var c = rv * (rh * x);
            u = new Point2(s * c.X + pose[3], s * c.Y + pose[4]);
            g0 = s * rv.Row(0);
            g1 = s * rv.Row(1);
            dPose[3] = 1; dPose[4] = 0; dPose[5] = c.X;
            dPose[9] = 0; dPose[10] = 1; dPose[11] = c.Y;
            dFocal[0] = dFocal[1] = 0;
        }
        var a0 = d0 * x; var a1 = d1 * x; var a2 = d2 * x;
        dPose[0] = Vec3.Dot(g0, a0); dPose[1] = Vec3.Dot(g0, a1); dPose[2] = Vec3.Dot(g0, a2);
        dPose[6] = Vec3.Dot(g1, a0); dPose[7] = Vec3.Dot(g1, a1); dPose[8] = Vec3.Dot(g1, a2);
        var rt = rh.Transpose();
        var h0 = rt * g0; var h1 = rt * g1;
        h[0] = h0.X; h[1] = h0.Y; h[2] = h0.Z; h[3] = h1.X; h[4] = h1.Y; h[5] = h1.Z;
        return u;
    }

    /// <summary>
    /// The position the temporal term smooths: world position R_h x + t_h (cm) for pinhole, s R_v R_h x + (tx, ty, 0)
    /// (pixels) for scaled orthographic. dq = dq/dx (3x3 row-major), dqPose = dq/dpose (3x6).
    /// </summary>
    internal static Vec3 TemporalPosition(ViewCamera cam, ReadOnlySpan<double> pose, Mat3 rh, Mat3 d0, Mat3 d1, Mat3 d2, Vec3 x, Span<double> dq, Span<double> dqPose)
    {
        Mat3 m; Vec3 q;
        dqPose.Clear();
        if (cam.Kind == ProjectionKind.Pinhole)
        {
            m = rh;
            q = rh * x + new Vec3(pose[3], pose[4], pose[5]);
            dqPose[3] = dqPose[10] = dqPose[17] = 1;
        }
        else
        {
            double s = pose[5];
            var rvrh = cam.R * rh;
            m = s * rvrh;
            var c = rvrh * x;
            q = s * c + new Vec3(pose[3], pose[4], 0);
            dqPose[3] = 1; dqPose[10] = 1;
            dqPose[5] = c.X; dqPose[11] = c.Y; dqPose[17] = c.Z;
        }
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++)
                dq[3 * r + c] = m[r, c];
        Mat3 pre = cam.Kind == ProjectionKind.Pinhole ? Mat3.Identity : pose[5] * cam.R;
        var a0 = pre * (d0 * x); var a1 = pre * (d1 * x); var a2 = pre * (d2 * x);
        for (int r = 0; r < 3; r++)
        {
            dqPose[6 * r] = a0[r];
            dqPose[6 * r + 1] = a1[r];
            dqPose[6 * r + 2] = a2[r];
        }
        return q;
    }

    private int TemporalRows(TemporalAnchors temporal, ViewCamera cam, ReadOnlySpan<double> pose, ReadOnlySpan<double> expression,
        ReadOnlySpan<double> identity, Mat3 rh, Mat3 d0, Mat3 d1, Mat3 d2, int frameColumn, int row,
        Span<double> residuals, Span<double> jacobian, int n, Span<double> dq, Span<double> dqPose)
    {
        var basis = temporal.Basis;
        bool identityInBasis = basis.IdentityCount > 0;
        double sl = Math.Sqrt(_weights.Temporal);
        bool withJ = !jacobian.IsEmpty;
        var positions = Positions(basis, identity, expression);
        for (int k = 0; k < basis.Count; k++)
        {
            var x = new Vec3(positions[3 * k], positions[3 * k + 1], positions[3 * k + 2]);
            var q = TemporalPosition(cam, pose, rh, d0, d1, d2, x, dq, dqPose);
            foreach (var (coefficient, offset) in temporal.Terms)
            {
                for (int a = 0; a < 3; a++, row++)
                {
                    residuals[row] = sl * (coefficient * q[a] + offset[3 * k + a]);
                    if (!withJ)
                        continue;
                    double w = sl * coefficient;
                    var jr = jacobian.Slice(row * n, n);
                    for (int c = 0; c < PoseSize; c++)
                        jr[frameColumn + c] = w * dqPose[6 * a + c];
                    AddBasisRow(jr.Slice(frameColumn + PoseSize, _expressionCount), basis.Expression, 3 * k, _expressionCount, w * dq[3 * a], w * dq[3 * a + 1], w * dq[3 * a + 2]);
                    if (_fitIdentity && identityInBasis)
                        AddBasisRow(jr[.._identityCount], basis.Identity, 3 * k, _identityCount, w * dq[3 * a], w * dq[3 * a + 1], w * dq[3 * a + 2]);
                }
            }
        }
        return row;
    }
}
