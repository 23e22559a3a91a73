namespace FaceAlign3D.Fitting;

/// <summary>
/// Levenberg-Marquardt for problems made of many blocks that share a few parameters: block f has residuals
/// r_f(s, b_f) over the shared parameters s (identity, focal length) and its own b_f (pose, expression), plus a
/// Gaussian prior lambda |s_0..k|^2 on the shared ones. The normal equations have arrow shape; the per-block
/// parameters are eliminated with the Schur complement, so one iteration costs O(blocks * b^3) instead of
/// O((blocks * b)^3). Same damping, bounds (active set + clamping) and NaN rejection as <see cref="LevenbergMarquardt"/>.
/// </summary>
internal static class SharedBlockSolver
{
    private const double MaxDamping = 1e14;

    /// <summary>
    /// Each block problem's parameters are [shared (sharedCount) | own]; <paramref name="shared"/> and
    /// <paramref name="own"/> hold the start and receive the solution. The prior covers the first
    /// <paramref name="priorCount"/> shared parameters.
    /// </summary>
    public static (double Cost, int Iterations) Solve(IReadOnlyList<ILeastSquaresProblem> blocks, int sharedCount, double[] shared,
        double[][] own, double priorWeight, int priorCount, LeastSquaresOptions options)
    {
        int ns = sharedCount, count = blocks.Count;
        var state = new Block[count];
        var scratch = new Scratch(blocks.Max(b => b.ResidualCount), blocks.Max(b => b.ParameterCount));
        for (int f = 0; f < count; f++)
            state[f] = new Block(blocks[f], ns, own[f], scratch);
        var sharedLower = new double[ns];
        var sharedUpper = new double[ns];
        Array.Fill(sharedLower, double.NegativeInfinity);
        Array.Fill(sharedUpper, double.PositiveInfinity);
        // Shared bounds are taken from the first block (all blocks agree on them).
        for (int i = 0; i < ns; i++) { sharedLower[i] = state[0].Lower[i]; sharedUpper[i] = state[0].Upper[i]; }
        Clamp(shared, sharedLower, sharedUpper, 0);

        double cost = TotalCost(state, shared, priorWeight, priorCount, withJacobian: true);
        if (!double.IsFinite(cost))
            throw new ArgumentException("the starting point gives non-finite residuals");
        var u = new double[ns * ns];
        var gs = new double[ns];
        var s = new double[ns * ns];
        var rhs = new double[ns];
        var trialShared = new double[ns];
        double lambda = options.InitialDamping;
        int iteration = 0;
        while (iteration < options.MaxIterations)
        {
            iteration++;
            // Shared-shared block and gradient, including the prior.
            Array.Clear(u);
            Array.Clear(gs);
            foreach (var b in state)
            {
                for (int i = 0; i < ns * ns; i++) u[i] += b.U[i];
                for (int i = 0; i < ns; i++) gs[i] += b.Gs[i];
            }
            for (int i = 0; i < priorCount; i++)
            {
                u[i * ns + i] += priorWeight;
                gs[i] += priorWeight * shared[i];
            }
            double gradient = MaxAbs(gs);
            foreach (var b in state) gradient = Math.Max(gradient, MaxAbs(b.Gb));
            if (gradient <= options.GradientTolerance * Math.Max(1, cost))
                break;
            bool accepted = false;
            bool converged = false;
            while (lambda <= MaxDamping)
            {
                // S = U + lambda D - sum W V^-1 W^T, rhs = -g_s + sum W V^-1 g_b.
                u.CopyTo(s, 0);
                for (int i = 0; i < ns; i++)
                {
                    s[i * ns + i] += lambda * Math.Max(u[i * ns + i], 1e-9);
                    rhs[i] = -gs[i];
                }
                bool ok = true;
                foreach (var b in state)
                    ok &= b.Eliminate(lambda, ns, s, rhs);
                if (!ok || !DenseCholesky.Factor(s, ns))
                {
                    lambda *= 10;
                    continue;
                }
                DenseCholesky.Solve(s, ns, rhs);
                for (int i = 0; i < ns; i++)
                    trialShared[i] = shared[i] + rhs[i];
                Clamp(trialShared, sharedLower, sharedUpper, 0);
                double stepNorm = 0, norm = 0;
                for (int i = 0; i < ns; i++) { stepNorm += rhs[i] * rhs[i]; norm += shared[i] * shared[i]; }
                foreach (var b in state)
                {
                    b.BackSubstitute(rhs, ns);
                    for (int i = 0; i < b.Step.Length; i++) { stepNorm += b.Step[i] * b.Step[i]; norm += b.Own[i] * b.Own[i]; }
                }
                double trialCost = TrialCost(state, trialShared, priorWeight, priorCount);
                if (double.IsFinite(trialCost) && trialCost < cost)
                {
                    double decrease = (cost - trialCost) / Math.Max(cost, 1e-300);
                    trialShared.CopyTo(shared, 0);
                    foreach (var b in state) b.AcceptTrial();
                    cost = TotalCost(state, shared, priorWeight, priorCount, withJacobian: true);
                    lambda = Math.Max(lambda / 10, 1e-15);
                    accepted = true;
                    converged = decrease < options.CostTolerance || Math.Sqrt(stepNorm) < options.StepTolerance * (Math.Sqrt(norm) + options.StepTolerance);
                    break;
                }
                lambda *= 4;
            }
            if (!accepted || converged)
                break;
        }
        for (int f = 0; f < count; f++)
            state[f].Own.CopyTo(own[f], 0);
        return (cost, iteration);
    }

    private static double TotalCost(Block[] state, double[] shared, double priorWeight, int priorCount, bool withJacobian)
    {
        double cost = Prior(shared, priorWeight, priorCount);
        foreach (var b in state)
            cost += b.Evaluate(shared, b.Own, withJacobian);
        return cost;
    }

    private static double TrialCost(Block[] state, double[] shared, double priorWeight, int priorCount)
    {
        double cost = Prior(shared, priorWeight, priorCount);
        foreach (var b in state)
        {
            cost += b.EvaluateTrial(shared);
            if (!double.IsFinite(cost))
                return cost;
        }
        return cost;
    }

    private static double Prior(double[] shared, double weight, int count)
    {
        double s = 0;
        for (int i = 0; i < count; i++) s += shared[i] * shared[i];
        return 0.5 * weight * s;
    }

    private static void Clamp(double[] p, double[] lower, double[] upper, int offset)
    {
        for (int i = 0; i < p.Length; i++)
            p[i] = Math.Clamp(p[i], lower[offset + i], upper[offset + i]);
    }

    private static double MaxAbs(double[] g)
    {
        double m = 0;
        foreach (double v in g) m = Math.Max(m, Math.Abs(v));
        return m;
    }

    /// <summary>Buffers that blocks use one after another (residuals, Jacobian and its normal equations).</summary>
    private sealed class Scratch(int maxResiduals, int maxParameters)
    {
        public double[] R { get; } = new double[maxResiduals];
        public double[] J { get; } = new double[maxResiduals * maxParameters];
        public double[] Jt { get; } = new double[maxResiduals * (maxParameters + 1)];
        public double[] A { get; } = new double[maxParameters * maxParameters];
        public double[] G { get; } = new double[maxParameters];
    }

    /// <summary>One block's parameters and its share of the normal equations at the current point.</summary>
    private sealed class Block
    {
        private readonly ILeastSquaresProblem _problem;
        private readonly Scratch _scratch;
        private readonly int _n, _m, _nb, _ns;
        private readonly double[] _p, _trial, _trialOwn;
        private readonly double[] _v, _w, _vinvW, _vinvG; // V (nb x nb) factor, W (ns x nb), (V^-1 W^T)^T (ns x nb), V^-1 g_b

        public Block(ILeastSquaresProblem problem, int ns, double[] own, Scratch scratch)
        {
            _problem = problem;
            _scratch = scratch;
            _ns = ns;
            _n = problem.ParameterCount;
            _m = problem.ResidualCount;
            _nb = _n - ns;
            if (own.Length != _nb)
                throw new ArgumentException($"a block has {_nb} own parameters but {own.Length} start values");
            Lower = new double[_n];
            Upper = new double[_n];
            Array.Fill(Lower, double.NegativeInfinity);
            Array.Fill(Upper, double.PositiveInfinity);
            problem.GetBounds(Lower, Upper);
            Own = (double[])own.Clone();
            for (int i = 0; i < _nb; i++) Own[i] = Math.Clamp(Own[i], Lower[ns + i], Upper[ns + i]);
            _p = new double[_n];
            _trial = new double[_n];
            _trialOwn = new double[_nb];
            Step = new double[_nb];
            U = new double[ns * ns];
            Gs = new double[ns];
            Gb = new double[_nb];
            _v = new double[_nb * _nb];
            _w = new double[ns * _nb];
            _vinvW = new double[_nb * ns];
            _vinvG = new double[_nb];
            Vraw = new double[_nb * _nb];
        }

        public double[] Lower { get; }
        public double[] Upper { get; }
        public double[] Own { get; }
        public double[] Step { get; }
        public double[] U { get; }
        public double[] Gs { get; }
        public double[] Gb { get; }
        private double[] Vraw { get; }

        /// <summary>The block's cost at (shared, own); with the Jacobian, also its normal equations there.</summary>
        public double Evaluate(double[] shared, double[] own, bool withJacobian)
        {
            shared.CopyTo(_p, 0);
            own.CopyTo(_p, shared.Length);
            var r = _scratch.R.AsSpan(0, _m);
            _problem.Evaluate(_p, r, withJacobian ? _scratch.J.AsSpan(0, _m * _n) : default);
            if (withJacobian)
                BuildNormal(_ns);
            return HalfSquared(r);
        }

        public double EvaluateTrial(double[] shared)
        {
            shared.CopyTo(_trial, 0);
            for (int i = 0; i < _nb; i++)
                _trialOwn[i] = _trial[shared.Length + i] = Math.Clamp(Own[i] + Step[i], Lower[shared.Length + i], Upper[shared.Length + i]);
            var r = _scratch.R.AsSpan(0, _m);
            _problem.Evaluate(_trial, r, default);
            return HalfSquared(r);
        }

        public void AcceptTrial() => _trialOwn.CopyTo(Own, 0);

        /// <summary>J^T J split into U (shared), W (shared x own), V (own), and the gradients; active own bounds held.</summary>
        private void BuildNormal(int ns)
        {
            var a = _scratch.A;
            var g = _scratch.G;
            DenseOps.NormalEquations(_scratch.J, _scratch.R, _m, _n, a, g, _scratch.Jt);
            for (int c = 0; c < ns; c++)
            {
                Gs[c] = g[c];
                a.AsSpan(c * _n, ns).CopyTo(U.AsSpan(c * ns, ns));
                a.AsSpan(c * _n + ns, _nb).CopyTo(_w.AsSpan(c * _nb, _nb));
            }
            for (int c = 0; c < _nb; c++)
            {
                Gb[c] = g[ns + c];
                a.AsSpan((ns + c) * _n + ns, _nb).CopyTo(Vraw.AsSpan(c * _nb, _nb));
            }
            for (int i = 0; i < _nb; i++)
            {
                bool atLower = Own[i] <= Lower[ns + i] && Gb[i] > 0;
                bool atUpper = Own[i] >= Upper[ns + i] && Gb[i] < 0;
                if (!atLower && !atUpper) continue;
                for (int k = 0; k < _nb; k++) { Vraw[i * _nb + k] = 0; Vraw[k * _nb + i] = 0; }
                Vraw[i * _nb + i] = 1;
                Gb[i] = 0;
                for (int c = 0; c < ns; c++) _w[c * _nb + i] = 0;
            }
        }

        /// <summary>Subtracts W V^-1 W^T from s and adds W V^-1 g_b to rhs, with V damped by lambda.</summary>
        public bool Eliminate(double lambda, int ns, double[] s, double[] rhs)
        {
            Vraw.CopyTo(_v, 0);
            for (int i = 0; i < _nb; i++) _v[i * _nb + i] += lambda * Math.Max(Vraw[i * _nb + i], 1e-9);
            if (!DenseCholesky.Factor(_v, _nb))
                return false;
            Gb.CopyTo(_vinvG, 0);
            DenseCholesky.Solve(_v, _nb, _vinvG);
            _w.CopyTo(_vinvW, 0);
            for (int c = 0; c < ns; c++)
                DenseCholesky.Solve(_v, _nb, _vinvW.AsSpan(c * _nb, _nb));
            for (int a = 0; a < ns; a++)
            {
                var wa = _w.AsSpan(a * _nb, _nb);
                rhs[a] += DenseOps.Dot(wa, _vinvG);
                for (int c = 0; c < ns; c++)
                    s[a * ns + c] -= DenseOps.Dot(wa, _vinvW.AsSpan(c * _nb, _nb));
            }
            return true;
        }

        /// <summary>Own step: V^-1 (-g_b - W^T ds).</summary>
        public void BackSubstitute(double[] ds, int ns)
        {
            for (int k = 0; k < _nb; k++)
            {
                double x = -_vinvG[k];
                for (int c = 0; c < ns; c++) x -= _vinvW[c * _nb + k] * ds[c];
                Step[k] = x;
            }
        }

        private static double HalfSquared(ReadOnlySpan<double> r)
        {
            double s = 0;
            foreach (double v in r) s += v * v;
            return 0.5 * s;
        }
    }
}
