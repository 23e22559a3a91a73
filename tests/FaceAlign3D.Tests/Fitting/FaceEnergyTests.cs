using FaceAlign3D.Fitting;
using FaceAlign3D.Geometry;

namespace FaceAlign3D.Tests.Fitting;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public sealed class FaceEnergyTests
{
    /// <summary>Analytic Jacobian of every term (landmarks, priors, temporal) against central differences.</summary>
    /// <remarks>With <paramref name="barycentric"/>, the landmarks are MediaPipe points (triangle + weights) on the surface.</remarks>
    [Theory]
    [InlineData(ProjectionKind.ScaledOrthographic, false, false)]
    [InlineData(ProjectionKind.Pinhole, false, false)]
    [InlineData(ProjectionKind.Pinhole, true, false)]
    [InlineData(ProjectionKind.ScaledOrthographic, false, true)]
    [InlineData(ProjectionKind.Pinhole, true, true)]
    public void JacobianMatchesFiniteDifferences(ProjectionKind kind, bool freeFocal, bool barycentric)
    {
        var model = IctTestModel.Value;
        var rng = new Random(2);
        int[] vertices = [.. model.Landmarks68.Take(12)];
        var basis = barycentric
            ? ShapeBasis.FromSurfacePoints(model, [.. FaceAlign3D.Morphable.IctFaceKit.IctMediaPipeCorrespondence.LoadBuiltIn(model.VertexCount).Points.Take(12)], 5)
            : ShapeBasis.FromModel(model, vertices, 5);
        var camera = kind == ProjectionKind.Pinhole ? ViewCamera.PinholeAtOrigin(800, 320, 240) : ViewCamera.Orthographic();
        var observed = vertices.Select(_ => new Point2(300 + 40 * rng.NextDouble(), 200 + 40 * rng.NextDouble())).ToArray();
        double[] pose = kind == ProjectionKind.Pinhole ? [0.1, 0.3, -0.05, 0.5, -0.3, -60] : [0.1, 0.3, -0.05, 250, 240, 12];
        var expression = Enumerable.Range(0, model.ExpressionCount).Select(_ => 0.1 + 0.8 * rng.NextDouble()).ToArray();
        var frame = new EnergyFrame([new EnergyView(camera, basis, observed, vertices.Select(_ => 0.5 + rng.NextDouble()).ToArray())], pose, expression);
        var offsets = new double[3 * vertices.Length];
        for (int i = 0; i < offsets.Length; i++) offsets[i] = rng.NextDouble() * 10;
        frame.Temporal = new TemporalAnchors(basis, [(1.0, offsets), (-2.0, offsets)]);
        var identity = Enumerable.Range(0, 5).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var energy = new FaceEnergy([frame], 5, model.ExpressionCount, identity, 800, fitIdentity: true, fitFocal: freeFocal, fitFrames: true,
            new EnergyWeights { IdentityPrior = 0.7, ExpressionSparsity = 0.3, Temporal = 0.2 });
        var p = energy.Pack();
        int n = energy.ParameterCount, m = energy.ResidualCount;
        var r = new double[m];
        var j = new double[m * n];
        energy.Evaluate(p, r, j);
        var rp = new double[m];
        var rm = new double[m];
        for (int c = 0; c < n; c++)
        {
            double h = 1e-6 * Math.Max(1, Math.Abs(p[c]));
            var plus = (double[])p.Clone(); plus[c] += h;
            var minus = (double[])p.Clone(); minus[c] -= h;
            energy.Evaluate(plus, rp, default);
            energy.Evaluate(minus, rm, default);
            for (int row = 0; row < m; row++)
            {
                double numeric = (rp[row] - rm[row]) / (2 * h);
                double analytic = j[row * n + c];
                Assert.True(Math.Abs(numeric - analytic) <= 1e-4 * Math.Max(1, Math.Abs(numeric)), $"row {row} col {c}: {analytic} vs {numeric}");
            }
        }
    }
}
