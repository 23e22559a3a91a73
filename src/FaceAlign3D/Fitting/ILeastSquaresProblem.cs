namespace FaceAlign3D.Fitting;

/// <summary>A nonlinear least-squares problem: minimise 1/2 |r(p)|^2 over p, optionally within box-like bounds.</summary>
internal interface ILeastSquaresProblem
{
    int ParameterCount { get; }

    int ResidualCount { get; }

    /// <summary>
    /// Fills the residuals r(p) and, when <paramref name="jacobian"/> is not empty, the analytic Jacobian
    /// dr/dp as a row-major ResidualCount x ParameterCount table.
    /// </summary>
    void Evaluate(ReadOnlySpan<double> parameters, Span<double> residuals, Span<double> jacobian);

    /// <summary>
    /// Fills box bounds of the parameters (e.g. [0, 1] for blendshape weights); both arrays arrive filled with
    /// -infinity and +infinity, so unbounded problems leave them alone.
    /// </summary>
    void GetBounds(Span<double> lower, Span<double> upper);
}
