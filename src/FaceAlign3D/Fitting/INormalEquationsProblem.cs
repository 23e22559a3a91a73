namespace FaceAlign3D.Fitting;

/// <summary>
/// A least-squares problem that can form its normal equations without a dense Jacobian (from its structure);
/// <see cref="LevenbergMarquardt"/> then never asks <see cref="ILeastSquaresProblem.Evaluate"/> for one.
/// </summary>
internal interface INormalEquationsProblem : ILeastSquaresProblem
{
    /// <summary>Whether <see cref="NormalEquations"/> applies to this instance.</summary>
    bool HasNormalEquations { get; }

    /// <summary>a = J^T J (n x n, full) and g = J^T r at p, given the residuals r(p).</summary>
    void NormalEquations(ReadOnlySpan<double> p, ReadOnlySpan<double> residuals, Span<double> a, Span<double> g);
}
