using FaceAlign3D.Geometry;

namespace FaceAlign3D.Morphable;

/// <summary>
/// What ICT-FaceKit and the BFM share behind <see cref="IMorphableModel"/>: vertices = neutral + sum_i a_i identity_i +
/// sum_j b_j expression_j over 3N coordinate rows (row = 3 * vertex + axis). A few vertices are summed here in double,
/// identity first; each model evaluates the whole mesh its own way and supplies its layout.
/// </summary>
public abstract class LinearMorphableModel : IMorphableModel
{
    private readonly float[] _neutral;
    private readonly LinearBasis _identityModes;
    private readonly LinearBasis _expressionModes;

    private protected LinearMorphableModel(float[] neutral, LinearBasis identityModes, LinearBasis expressionModes, MeshTopology topology, IReadOnlyList<int> landmarks68)
    {
        _neutral = neutral;
        _identityModes = identityModes;
        _expressionModes = expressionModes;
        Topology = topology;
        Landmarks68 = landmarks68;
    }

    public int VertexCount => _neutral.Length / 3;

    public int IdentityCount => _identityModes.Modes;

    public int ExpressionCount => _expressionModes.Modes;

    public abstract IReadOnlyList<string> ExpressionNames { get; }

    public abstract IReadOnlyDictionary<string, VertexRange> Regions { get; }

    /// <summary>The model vertex of each of the 68 Multi-PIE landmarks, in iBUG order.</summary>
    public IReadOnlyList<int> Landmarks68 { get; }

    /// <summary>Faces, quads and triangles, with edges and normals.</summary>
    public MeshTopology Topology { get; }

    /// <summary>The neutral shape, x, y, z per vertex.</summary>
    public ReadOnlySpan<float> Neutral => _neutral;

    /// <summary>All vertices for the given weights; fewer weights than modes is fine (the rest count as zero).</summary>
    public abstract void Evaluate(ReadOnlySpan<double> identity, ReadOnlySpan<double> expression, Span<float> vertices);

    /// <summary>Only the listed vertices (x, y, z per listed vertex, in list order), for terms that need a few.</summary>
    public void Evaluate(ReadOnlySpan<double> identity, ReadOnlySpan<double> expression, ReadOnlySpan<int> subset, Span<double> vertices)
    {
        CheckWeights(identity, expression);
        if (vertices.Length != 3 * subset.Length)
            throw new ArgumentException($"expected {3 * subset.Length} output values, got {vertices.Length}", nameof(vertices));
        for (int k = 0; k < subset.Length; k++)
        {
            int vertex = CheckVertex(subset[k]);
            for (int c = 0; c < 3; c++)
            {
                int row = 3 * vertex + c;
                double s = _neutral[row];
                for (int i = 0; i < identity.Length; i++)
                    s += identity[i] * _identityModes[i, row];
                for (int j = 0; j < expression.Length; j++)
                    s += expression[j] * _expressionModes[j, row];
                vertices[3 * k + c] = s;
            }
        }
    }

    /// <summary>
    /// Copies the rows of the listed vertices out of the bases into double-precision, mode-contiguous tables:
    /// mean (3n), identity (3n x identityCount) and expression (3n x ExpressionCount), row = 3 * k + axis.
    /// </summary>
    public void ExtractSubset(ReadOnlySpan<int> subset, int identityCount, Span<double> mean, Span<double> identity, Span<double> expression)
    {
        if (identityCount < 0 || identityCount > IdentityCount)
            throw new ArgumentOutOfRangeException(nameof(identityCount), $"the model has {IdentityCount} identity modes");
        int n = subset.Length, ne = ExpressionCount;
        if (mean.Length != 3 * n || identity.Length != 3 * n * identityCount || expression.Length != 3 * n * ne)
            throw new ArgumentException("output tables do not match the subset size");
        for (int k = 0; k < n; k++)
        {
            int vertex = CheckVertex(subset[k]);
            for (int c = 0; c < 3; c++)
            {
                int row = 3 * k + c, source = 3 * vertex + c;
                mean[row] = _neutral[source];
                for (int i = 0; i < identityCount; i++)
                    identity[row * identityCount + i] = _identityModes[i, source];
                for (int j = 0; j < ne; j++)
                    expression[row * ne + j] = _expressionModes[j, source];
            }
        }
    }

    private protected void CheckWeights(ReadOnlySpan<double> identity, ReadOnlySpan<double> expression)
    {
        if (identity.Length > IdentityCount)
            throw new ArgumentException($"{identity.Length} identity weights for {IdentityCount} modes", nameof(identity));
        if (expression.Length > ExpressionCount)
            throw new ArgumentException($"{expression.Length} expression weights for {ExpressionCount} modes", nameof(expression));
    }

    private int CheckVertex(int v) =>
        (uint)v < (uint)VertexCount ? v : throw new ArgumentOutOfRangeException("subset", $"vertex {v} is outside [0, {VertexCount})");
}
