namespace FaceAlign3D.Fitting;

/// <summary>Why the solver stopped.</summary>
internal enum LeastSquaresTermination
{
    /// <summary>The relative cost decrease fell below the tolerance.</summary>
    CostConverged,
    /// <summary>The step became negligible relative to the parameters.</summary>
    StepConverged,
    /// <summary>The (projected) gradient vanished.</summary>
    GradientConverged,
    /// <summary>The iteration budget ran out.</summary>
    MaxIterations,
    /// <summary>No step with a finite, lower cost was found even with maximal damping.</summary>
    NoDescent,
}

/// <summary>Settings of <see cref="LevenbergMarquardt"/>.</summary>
public sealed record LeastSquaresOptions
{
    public int MaxIterations { get; init; } = 50;
    /// <summary>Stop when an accepted step lowers the cost by less than this fraction.</summary>
    public double CostTolerance { get; init; } = 1e-10;
    public double StepTolerance { get; init; } = 1e-10;
    public double GradientTolerance { get; init; } = 1e-12;
    public double InitialDamping { get; init; } = 1e-3;
}

/// <summary>What <see cref="LevenbergMarquardt.Solve"/> found.</summary>
internal sealed record LeastSquaresResult(double[] Parameters, double InitialCost, double FinalCost, int Iterations, LeastSquaresTermination Termination);

/// <summary>
/// Damped Gauss-Newton (Levenberg-Marquardt with Marquardt's diagonal scaling) in double precision on dense
/// normal equations. Box bounds are honoured with an active set (a parameter at a bound whose descent direction
/// points outwards is held for that step) and by clamping each trial point; a trial whose residuals are not all
/// finite is rejected like one that raises the cost, so the returned parameters always have a finite cost.
/// </summary>
internal static class LevenbergMarquardt
{
    private const double MaxDamping = 1e14;

    /// <exception cref="ArgumentException">the start has the wrong length or non-finite residuals.</exception>
    public static LeastSquaresResult Solve(ILeastSquaresProblem problem, ReadOnlySpan<double> start, LeastSquaresOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        options ??= new LeastSquaresOptions();
        int n = problem.ParameterCount, m = problem.ResidualCount;
        if (start.Length != n)
            throw new ArgumentException($"start has {start.Length} values for {n} parameters", nameof(start));
        var p = start.ToArray();
        var lower = new double[n];
        var upper = new double[n];
        Array.Fill(lower, double.NegativeInfinity);
        Array.Fill(upper, double.PositiveInfinity);
        problem.GetBounds(lower, upper);
        Clamp(p, lower, upper);
        var r = new double[m];
        if (problem is INormalEquationsProblem { HasNormalEquations: true } structured)
            return Iterate(structured, options, p, lower, upper, r, default, []);
        // The two large buffers come from the shared pool: sequence fits run thousands of small solves.
        var jBuffer = System.Buffers.ArrayPool<double>.Shared.Rent(checked(m * n));
        var jtBuffer = System.Buffers.ArrayPool<double>.Shared.Rent(checked(m * (n + 1)));
        try
        {
            return Iterate(problem, options, p, lower, upper, r, jBuffer.AsSpan(0, m * n), jtBuffer);
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(jBuffer);
            System.Buffers.ArrayPool<double>.Shared.Return(jtBuffer);
        }
    }

    private static LeastSquaresResult Iterate(ILeastSquaresProblem problem, LeastSquaresOptions options, double[] p,
        double[] lower, double[] upper, double[] r, Span<double> j, double[] jt)
    {
        int n = p.Length, m = r.Length;
        // A structured problem forms a and g itself (j stays empty); otherwise they come from the dense Jacobian.
        var structured = j.IsEmpty ? (INormalEquationsProblem)problem : null;
        var a = new double[n * n];
        var g = new double[n];
        // residualsCurrent: the residuals already hold r(at), which a structured problem then does not recompute.
        bool Linearise(double[] at, double[] residuals, Span<double> jacobian, bool residualsCurrent)
        {
            if (structured is null)
            {
                problem.Evaluate(at, residuals, jacobian);
                if (!AllFinite(jacobian))
                    return false;
                DenseOps.NormalEquations(jacobian, residuals, m, n, a, g, jt);
                return true;
            }
            if (!residualsCurrent)
                problem.Evaluate(at, residuals, default);
            structured.NormalEquations(at, residuals, a, g);
            return AllFinite(a) && AllFinite(g);
        }
        bool finite = Linearise(p, r, j, residualsCurrent: false);
        double cost = HalfSquaredNorm(r);
        if (!double.IsFinite(cost) || !finite)
            throw new ArgumentException("the starting point gives non-finite residuals or derivatives");
        double initialCost = cost;
        var factor = new double[n * n];
        var step = new double[n];
        var trial = new double[n];
        var trialR = new double[m];
        double lambda = options.InitialDamping;
        int iteration = 0;
        var termination = LeastSquaresTermination.MaxIterations;
        while (iteration < options.MaxIterations)
        {
            iteration++;
            HoldActiveBounds(p, lower, upper, a, g, n);
            if (MaxAbs(g) <= options.GradientTolerance * Math.Max(1, cost))
            {
                termination = LeastSquaresTermination.GradientConverged;
                break;
            }
            bool accepted = false;
            while (lambda <= MaxDamping)
            {
                a.CopyTo(factor, 0);
                for (int i = 0; i < n; i++)
                    factor[i * n + i] += lambda * Math.Max(a[i * n + i], 1e-9);
                if (!DenseCholesky.Factor(factor, n))
                {
                    lambda *= 10;
                    continue;
                }
                for (int i = 0; i < n; i++)
                    step[i] = -g[i];
                DenseCholesky.Solve(factor, n, step);
                for (int i = 0; i < n; i++)
                    trial[i] = p[i] + step[i];
                Clamp(trial, lower, upper);
                problem.Evaluate(trial, trialR, default);
                double trialCost = HalfSquaredNorm(trialR);
                if (double.IsFinite(trialCost) && trialCost < cost)
                {
                    double decrease = (cost - trialCost) / Math.Max(cost, 1e-300);
                    double stepNorm = 0, pNorm = 0;
                    for (int i = 0; i < n; i++)
                    {
                        stepNorm += (trial[i] - p[i]) * (trial[i] - p[i]);
                        pNorm += p[i] * p[i];
                    }
                    if (!Linearise(trial, trialR, j, residualsCurrent: true))
                    {
                        lambda *= 4;
                        Linearise(p, r, j, residualsCurrent: false); // restore the normal equations of the current point
                        HoldActiveBounds(p, lower, upper, a, g, n);
                        continue;
                    }
                    trial.CopyTo(p, 0);
                    trialR.CopyTo(r, 0);
                    cost = trialCost;
                    lambda = Math.Max(lambda / 10, 1e-15);
                    accepted = true;
                    if (decrease < options.CostTolerance)
                        termination = LeastSquaresTermination.CostConverged;
                    else if (Math.Sqrt(stepNorm) < options.StepTolerance * (Math.Sqrt(pNorm) + options.StepTolerance))
                        termination = LeastSquaresTermination.StepConverged;
                    else
                        termination = LeastSquaresTermination.MaxIterations;
                    break;
                }
                lambda *= 4;
            }
            if (!accepted)
            {
                termination = LeastSquaresTermination.NoDescent;
                break;
            }
            if (termination != LeastSquaresTermination.MaxIterations)
                break;
        }
        return new LeastSquaresResult(p, initialCost, cost, iteration, termination);
    }

    /// <summary>
    /// Parameters sitting on a bound whose descent direction (-g) leaves the box are frozen for this step: their
    /// row and column of the normal matrix become the identity and their gradient zero.
    /// </summary>
    private static void HoldActiveBounds(double[] p, double[] lower, double[] upper, double[] a, double[] g, int n)
    {
        for (int i = 0; i < n; i++)
        {
            bool atLower = p[i] <= lower[i] && g[i] > 0;
            bool atUpper = p[i] >= upper[i] && g[i] < 0;
            if (!atLower && !atUpper)
                continue;
            for (int k = 0; k < n; k++)
            {
                a[i * n + k] = 0;
                a[k * n + i] = 0;
            }
            a[i * n + i] = 1;
            g[i] = 0;
        }
    }

    private static void Clamp(double[] p, double[] lower, double[] upper)
    {
        for (int i = 0; i < p.Length; i++)
            p[i] = Math.Clamp(p[i], lower[i], upper[i]);
    }

    private static double MaxAbs(double[] g)
    {
        double s = 0;
        foreach (double v in g)
            s = Math.Max(s, Math.Abs(v));
        return s;
    }

    private static double HalfSquaredNorm(ReadOnlySpan<double> r)
    {
        double s = 0;
        foreach (double v in r)
            s += v * v;
        return 0.5 * s;
    }

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (double v in values)
            if (!double.IsFinite(v))
                return false;
        return true;
    }
}
