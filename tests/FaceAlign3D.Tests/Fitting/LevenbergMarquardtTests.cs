using FaceAlign3D.Fitting;

namespace FaceAlign3D.Tests.Fitting;

public sealed class LevenbergMarquardtTests
{
    /// <summary>Residuals from a delegate with an analytic Jacobian delegate and optional bounds.</summary>
    private sealed class Problem(int n, int m, Action<double[], double[], double[]?> eval, double[]? lower = null, double[]? upper = null) : ILeastSquaresProblem
    {
        public int ParameterCount => n;
        public int ResidualCount => m;
        public int Evaluations { get; private set; }

        public void Evaluate(ReadOnlySpan<double> p, Span<double> r, Span<double> j)
        {
            Evaluations++;
            var rr = new double[m];
            var jj = j.IsEmpty ? null : new double[m * n];
            eval(p.ToArray(), rr, jj);
            rr.CopyTo(r);
            jj?.CopyTo(j);
        }

        public void GetBounds(Span<double> lo, Span<double> hi)
        {
            lower?.CopyTo(lo);
            upper?.CopyTo(hi);
        }
    }

    private static Problem Rosenbrock(double[]? lower = null, double[]? upper = null) => new(2, 2, (p, r, j) =>
    {
        r[0] = 10 * (p[1] - p[0] * p[0]);
        r[1] = 1 - p[0];
        if (j is null) return;
        j[0] = -20 * p[0]; j[1] = 10;
        j[2] = -1; j[3] = 0;
    }, lower, upper);

    [Fact]
    public void SolvesRosenbrock()
    {
        var result = LevenbergMarquardt.Solve(Rosenbrock(), [-1.2, 1.0], new LeastSquaresOptions { MaxIterations = 200 });
        Assert.Equal(1.0, result.Parameters[0], 6);
        Assert.Equal(1.0, result.Parameters[1], 6);
        Assert.True(result.FinalCost < 1e-12);
        Assert.True(result.InitialCost > result.FinalCost);
    }

    [Fact]
    public void RespectsBounds()
    {
        // The unconstrained minimum (1, 1) lies outside x <= 0.5; the constrained one is x = 0.5, y = 0.25.
        var result = LevenbergMarquardt.Solve(Rosenbrock(upper: [0.5, double.PositiveInfinity]), [-1.2, 1.0], new LeastSquaresOptions { MaxIterations = 200 });
        Assert.Equal(0.5, result.Parameters[0], 6);
        Assert.Equal(0.25, result.Parameters[1], 5);
        // A start outside the box is clamped first.
        var clamped = LevenbergMarquardt.Solve(Rosenbrock(lower: [2, 2], upper: [3, 5]), [0, 0]);
        Assert.True(clamped.Parameters[0] >= 2 && clamped.Parameters[1] >= 2);
    }

    [Fact]
    public void RejectsStepsIntoNaN()
    {
        // r = x - 3 is undefined (NaN) beyond x = 2: the solver must stop at a finite point below 2.
        var problem = new Problem(1, 1, (p, r, j) =>
        {
            r[0] = p[0] > 2 ? double.NaN : p[0] - 3;
            if (j is not null) j[0] = 1;
        });
        var result = LevenbergMarquardt.Solve(problem, [0.0]);
        Assert.True(double.IsFinite(result.FinalCost));
        Assert.InRange(result.Parameters[0], 1.9, 2.0);
    }

    [Fact]
    public void RejectsNonFiniteStartAndWrongLength()
    {
        var problem = new Problem(1, 1, (p, r, j) => { r[0] = double.NaN; if (j is not null) j[0] = 1; });
        Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Solve(problem, [0.0]));
        Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Solve(Rosenbrock(), [0.0]));
    }
}
