namespace FaceAlign3D.Tracking.Filters;

/// <summary>A causal filter over a fixed-length vector of signals sampled at increasing times.</summary>
public interface IVectorFilter
{
    /// <summary>Number of signals the filter smooths.</summary>
    int Length { get; }

    /// <summary>Replaces <paramref name="values"/> (the measurement at <paramref name="time"/> seconds) by its filtered estimate.</summary>
    void Apply(double time, Span<double> values);

    /// <summary>Forgets the history: the next sample passes through unchanged.</summary>
    void Reset();
}
