namespace FaceAlign3D.Fitting;

/// <summary>Settings of <see cref="FaceModelFitter"/>.</summary>
public sealed record FitOptions
{
    /// <summary>How many identity modes are free (the first ones, largest variance first).</summary>
    public int IdentityCount { get; init; } = 30;

    public EnergyWeights Weights { get; init; } = new();

    public LeastSquaresOptions Solver { get; init; } = new() { MaxIterations = 40, CostTolerance = 1e-6 };

    /// <summary>Let the focal length (fx = fy) of a single uncalibrated pinhole camera vary.</summary>
    public bool FitFocalLength { get; init; }

    /// <summary>Match jaw landmarks 0-16 to the model silhouette when their vertex faces away (see <see cref="ContourMatcher"/>).</summary>
    public bool UseContours { get; init; }

    /// <summary>Correspondence updates (each followed by a solve) when contours are on.</summary>
    public int ContourRounds { get; init; } = 4;

    /// <summary>Sweeps over time that refine each frame with the temporal term after the joint sequence solve.</summary>
    public int SequenceRounds { get; init; } = 1;

    /// <summary>Solver settings of each per-frame step in sequence fits (warm-started, so few iterations suffice).</summary>
    public LeastSquaresOptions FrameSolver { get; init; } = new() { MaxIterations = 6, CostTolerance = 1e-7 };

    /// <summary>
    /// Solver settings of the joint sequence solve (identity and all frames). It starts from per-frame fits, so a few
    /// Gauss-Newton steps settle the identity; on synthetic clips more steps only trade identity accuracy for noise.
    /// </summary>
    public LeastSquaresOptions SequenceSolver { get; init; } = new() { MaxIterations = 3, CostTolerance = 1e-5 };

    /// <summary>Vertices the temporal term smooths; null means every second of the 68 landmark vertices.</summary>
    public int[]? TemporalVertices { get; init; }

    internal void Validate(int modelIdentityCount)
    {
        if (IdentityCount < 0 || IdentityCount > modelIdentityCount)
            throw new ArgumentException($"IdentityCount {IdentityCount} is outside [0, {modelIdentityCount}]");
        if (ContourRounds < 0 || SequenceRounds < 0)
            throw new ArgumentException("round counts must not be negative");
        Weights.Validate();
    }
}
