using FaceAlign3D.Fitting;
using FaceAlign3D.Geometry;
using FaceAlign3D.Morphable.IctFaceKit;

namespace FaceAlign3D.Tests.Fitting;

/// <summary>The moment-based normal equations of an orthographic single-view fit against the dense Jacobian.</summary>
[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public sealed class OrthographicNormalEquationsTests
{
    private const int IdentityModes = 8;

    /// <summary>An energy on MediaPipe's 468 points with uneven weights and one unobserved point, and its moment twin.</summary>
    private static (FaceEnergy Dense, FaceEnergy Structured) Energies(int seed)
    {
        var model = IctTestModel.Value;
        var rng = new Random(seed);
        var basis = ShapeBasis.FromSurfacePoints(model, [.. IctMediaPipeCorrespondence.LoadBuiltIn(model.VertexCount).Points], IdentityModes);
        var observed = Enumerable.Range(0, basis.Count).Select(_ => new Point2(200 + 100 * rng.NextDouble(), 150 + 120 * rng.NextDouble())).ToArray();
        observed[17] = new Point2(double.NaN, double.NaN);
        var weights = observed.Select(_ => 0.25 + rng.NextDouble()).ToArray();
        var effective = weights.Select((w, k) => observed[k].IsFinite ? w : 0).ToArray();
        FaceEnergy Make(BasisMoments? moments)
        {
            var r = new Random(seed + 1);
            var expression = Enumerable.Range(0, model.ExpressionCount).Select(_ => 0.6 * r.NextDouble()).ToArray();
            var frame = new EnergyFrame([new EnergyView(ViewCamera.Orthographic(), basis, observed, weights)], [0.2, -0.4, 0.1, 250, 210, 11], expression);
            var identity = Enumerable.Range(0, IdentityModes).Select(_ => r.NextDouble() - 0.5).ToArray();
            return new FaceEnergy([frame], IdentityModes, model.ExpressionCount, identity, 0, fitIdentity: true, fitFocal: false, fitFrames: true,
                new EnergyWeights { IdentityPrior = 0.7, ExpressionSparsity = 0.3 }) { Moments = moments };
        }
        return (Make(null), Make(BasisMoments.Build(basis, effective)));
    }

    [Fact]
    public void NormalEquationsMatchTheDenseJacobian()
    {
        var (dense, structured) = Energies(3);
        var p = dense.Pack();
        int n = dense.ParameterCount, m = dense.ResidualCount;
        var r = new double[m];
        var j = new double[m * n];
        dense.Evaluate(p, r, j);
        var expectedA = new double[n * n];
        var expectedG = new double[n];
        for (int row = 0; row < m; row++)
            for (int c = 0; c < n; c++)
            {
                expectedG[c] += j[row * n + c] * r[row];
                for (int d = 0; d < n; d++)
                    expectedA[c * n + d] += j[row * n + c] * j[row * n + d];
            }
        var a = new double[n * n];
        var g = new double[n];
        structured.NormalEquations(p, r, a, g);
        double scaleA = expectedA.Max(Math.Abs), scaleG = expectedG.Max(Math.Abs);
        for (int i = 0; i < n * n; i++)
            Assert.True(Math.Abs(a[i] - expectedA[i]) <= 1e-10 * scaleA, $"a[{i / n},{i % n}]: {a[i]} vs {expectedA[i]}");
        for (int i = 0; i < n; i++)
            Assert.True(Math.Abs(g[i] - expectedG[i]) <= 1e-10 * scaleG, $"g[{i}]: {g[i]} vs {expectedG[i]}");
    }

    /// <summary>Both forms of the normal equations lead Levenberg-Marquardt to the same fit.</summary>
    [Fact]
    public void SolverReachesTheSameFit()
    {
        var (dense, structured) = Energies(5);
        var expected = LevenbergMarquardt.Solve(dense, dense.Pack());
        var actual = LevenbergMarquardt.Solve(structured, structured.Pack());
        Assert.Equal(expected.FinalCost, actual.FinalCost, 1e-9 * expected.FinalCost);
        for (int i = 0; i < expected.Parameters.Length; i++)
            Assert.True(Math.Abs(actual.Parameters[i] - expected.Parameters[i]) <= 1e-6 * Math.Max(1, Math.Abs(expected.Parameters[i])),
                $"parameter {i}: {actual.Parameters[i]} vs {expected.Parameters[i]}");
    }
}
