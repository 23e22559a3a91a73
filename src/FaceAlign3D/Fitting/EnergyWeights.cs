namespace FaceAlign3D.Fitting;

/// <summary>Weights of the prior and temporal terms (the landmark term is weighted per landmark by 1/sigma^2).</summary>
public sealed record EnergyWeights
{
    /// <summary>lambda_id in lambda_id |a|^2 (identity weights are standard normal).</summary>
    public double IdentityPrior { get; init; } = 1.0;

    /// <summary>lambda_exp in lambda_exp sum_j b_j^2 / sqrt(b_j^2 + eps^2), which is about lambda_exp |b|_1 for b >> eps.</summary>
    public double ExpressionSparsity { get; init; } = 1.0;

    /// <summary>eps of the smooth L1 expression prior.</summary>
    public double ExpressionEpsilon { get; init; } = 0.05;

    /// <summary>
    /// lambda_temp on squared vertex accelerations |x_{t-1} - 2 x_t + x_{t+1}|^2 (FlowFace eq 14); positions are in
    /// pixels for scaled orthographic fits (x scaled by s) and in model units (cm) for pinhole fits.
    /// </summary>
    public double Temporal { get; init; } = 0.0;

    internal void Validate()
    {
        if (!(IdentityPrior >= 0) || !(ExpressionSparsity >= 0) || !(ExpressionEpsilon > 0) || !(Temporal >= 0)
            || !double.IsFinite(IdentityPrior) || !double.IsFinite(ExpressionSparsity) || !double.IsFinite(ExpressionEpsilon) || !double.IsFinite(Temporal))
            throw new ArgumentException("energy weights must be finite and non-negative (epsilon positive)");
    }
}
