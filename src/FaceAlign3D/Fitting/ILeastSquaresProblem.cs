namespace FaceAlign3D.Fitting;

/// <summary>A nonlinear least-squares problem: minimise 1/2 |r(p)|^2 over p, optionally within box-like bounds.</summary>
public interface ILeastSquaresProblem
{
    int ParameterCount { get; }

    int ResidualCount { get; }

    /// <summary>
    /// Fills the residuals r(p) and, when <paramref name="jacobian"/> is not empty, the analytic Jacobian
    /// dr/dp as a row-major ResidualCount x ParameterCount table.
    /// </summary>
    void Evaluate(ReadOnlySpan<double> parameters, Span<double> residuals, Span<double> jacobian);

    /// <summary>Moves parameters back into their feasible set (e.g. clamps blendshape weights to [0, 1]).</summary>
    void Project(Span<double> parameters);
}
