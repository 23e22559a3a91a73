using FaceAlign3D.Geometry;

namespace FaceAlign3D.Morphable;

/// <summary>
/// A linear mesh model and its landmark layout, as fitting, synthesis and training see it: vertices = neutral +
/// sum_i a_i identity_i + sum_j b_j expression_j over one topology, the vertices of the 68 Multi-PIE landmarks, and
/// named vertex regions. ICT-FaceKit and the 3DDFA_V2 BFM implement it (both through <see cref="LinearMorphableModel"/>).
/// Implementations are immutable and thread-safe.
/// </summary>
public interface IMorphableModel
{
    int VertexCount { get; }

    int IdentityCount { get; }

    int ExpressionCount { get; }

    /// <summary>The expression modes' names (for ICT-FaceKit, ARKit blendshape names).</summary>
    IReadOnlyList<string> ExpressionNames { get; }

    /// <summary>Named vertex ranges ("face", "narrow_face_area", ...); a model without regions returns an empty map.</summary>
    IReadOnlyDictionary<string, VertexRange> Regions { get; }

    /// <summary>The model vertex of each of the 68 Multi-PIE landmarks, in iBUG order.</summary>
    IReadOnlyList<int> Landmarks68 { get; }

    MeshTopology Topology { get; }

    /// <summary>The neutral mesh, x, y, z per vertex.</summary>
    ReadOnlySpan<float> Neutral { get; }

    /// <summary>All vertices for the given weights (missing weights count as zero).</summary>
    void Evaluate(ReadOnlySpan<double> identity, ReadOnlySpan<double> expression, Span<float> vertices);

    /// <summary>Only the listed vertices (x, y, z per listed vertex, in list order).</summary>
    void Evaluate(ReadOnlySpan<double> identity, ReadOnlySpan<double> expression, ReadOnlySpan<int> subset, Span<double> vertices);

    /// <summary>
    /// The rows of the listed vertices as double-precision, mode-contiguous tables: mean (3n), identity
    /// (3n x identityCount) and expression (3n x ExpressionCount), row = 3 * k + axis.
    /// </summary>
    void ExtractSubset(ReadOnlySpan<int> subset, int identityCount, Span<double> mean, Span<double> identity, Span<double> expression);
}
