using FaceAlign3D.Geometry;

namespace FaceAlign3D.Morphable.IctFaceKit;

/// <summary>
/// The ICT Face Model (Light): vertices = neutral + sum_i a_i identity_i + sum_j b_j expression_j, in centimetres,
/// model frame x right (the subject's left), y up, z towards the viewer. Identity weights are standard-normal PCA
/// coefficients; expression weights are ARKit-style blendshape activations in [0, 1].
/// Immutable and thread-safe once built.
/// </summary>
public sealed class IctFaceModel : IMorphableModel
{
    private readonly float[] _neutral;
    private readonly float[] _identity;   // [mode][vertex * 3 + axis]
    private readonly float[] _expression; // [mode][vertex * 3 + axis]
    private readonly Dictionary<string, int> _expressionIndex;

    /// <summary>Validates and wraps the arrays (no copies; callers hand over ownership).</summary>
    public IctFaceModel(
        float[] neutral, float[] identityModes, float[] expressionModes, int[] faces,
        IReadOnlyList<string> identityNames, IReadOnlyList<string> expressionNames,
        IReadOnlyDictionary<string, VertexRange> regions, IReadOnlyList<int> landmarks68,
        IReadOnlyDictionary<string, IReadOnlyList<int>> landmarkAlternatives)
    {
        if (neutral.Length == 0 || neutral.Length % 3 != 0)
            throw new ArgumentException("the neutral shape must hold x, y, z per vertex", nameof(neutral));
        VertexCount = neutral.Length / 3;
        int stride = neutral.Length;
        if (identityModes.Length != identityNames.Count * stride)
            throw new ArgumentException($"{identityNames.Count} identity names but {identityModes.Length / (double)stride} modes", nameof(identityModes));
        if (expressionModes.Length != expressionNames.Count * stride)
            throw new ArgumentException($"{expressionNames.Count} expression names but {expressionModes.Length / (double)stride} modes", nameof(expressionModes));
        if (landmarks68.Count != 68)
            throw new ArgumentException($"expected 68 landmark vertices, got {landmarks68.Count}", nameof(landmarks68));
        CheckVertices(landmarks68, "landmarks68");
        foreach (var (name, list) in landmarkAlternatives)
            CheckVertices(list, name);
        foreach (var (name, range) in regions)
            if (range.First < 0 || range.Last >= VertexCount || range.Last < range.First)
                throw new ArgumentException($"region '{name}' [{range.First}, {range.Last}] lies outside the {VertexCount} vertices", nameof(regions));
        _neutral = neutral;
        _identity = identityModes;
        _expression = expressionModes;
        Topology = MeshTopology.FromFaces(faces, VertexCount);
        IdentityNames = identityNames;
        ExpressionNames = expressionNames;
        Regions = regions;
        Landmarks68 = landmarks68;
        LandmarkAlternatives = landmarkAlternatives;
        _expressionIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < expressionNames.Count; i++)
            if (!_expressionIndex.TryAdd(expressionNames[i], i))
                throw new ArgumentException($"expression name '{expressionNames[i]}' appears twice", nameof(expressionNames));
    }

    public int VertexCount { get; }

    public int IdentityCount => IdentityNames.Count;

    public int ExpressionCount => ExpressionNames.Count;

    public IReadOnlyList<string> IdentityNames { get; }

    public IReadOnlyList<string> ExpressionNames { get; }

    /// <summary>Named inclusive vertex ranges: all, face, head_and_neck, ..., narrow_face_area.</summary>
    public IReadOnlyDictionary<string, VertexRange> Regions { get; }

    /// <summary>True when <paramref name="vertex"/> lies in the named region (false for a region the model does not have).</summary>
    public bool InRegion(string region, int vertex) => Regions.TryGetValue(region, out var range) && range.Contains(vertex);

    /// <summary>The Multi-PIE 68-point landmark vertices (0-based; 0-16 jaw from the subject's right).</summary>
    public IReadOnlyList<int> Landmarks68 { get; }

    /// <summary>Jawline alternatives by name: jawline_right_substitutes_0_7, jawline_left_substitutes_9_16, jawline_right_extended, jawline_left_extended.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<int>> LandmarkAlternatives { get; }

    /// <summary>Faces, quads and triangles, with edges and normals.</summary>
    public MeshTopology Topology { get; }

    /// <summary>The neutral shape, x, y, z per vertex.</summary>
    public ReadOnlySpan<float> Neutral => _neutral;

    /// <summary>Identity mode i as x, y, z per vertex.</summary>
    public ReadOnlySpan<float> IdentityMode(int i) => _identity.AsSpan(checked(i * _neutral.Length), _neutral.Length);

    /// <summary>Expression mode j as x, y, z per vertex.</summary>
    public ReadOnlySpan<float> ExpressionMode(int j) => _expression.AsSpan(checked(j * _neutral.Length), _neutral.Length);

    /// <summary>The index of a named expression, or -1.</summary>
    public int ExpressionIndex(string name) => _expressionIndex.TryGetValue(name, out int i) ? i : -1;

    /// <summary>
    /// All vertices for the given weights. Fewer weights than modes is fine (the rest count as zero);
    /// modes with zero weight are skipped, so a 30-mode identity costs 30 passes, not 100.
    /// </summary>
    public void Evaluate(ReadOnlySpan<double> identity, ReadOnlySpan<double> expression, Span<float> vertices)
    {
        CheckWeights(identity, expression);
        if (vertices.Length != _neutral.Length)
            throw new ArgumentException($"expected {_neutral.Length} output values, got {vertices.Length}", nameof(vertices));
        _neutral.CopyTo(vertices);
        for (int i = 0; i < identity.Length; i++)
            if (identity[i] != 0)
                AddScaled(IdentityMode(i), (float)identity[i], vertices);
        for (int j = 0; j < expression.Length; j++)
            if (expression[j] != 0)
                AddScaled(ExpressionMode(j), (float)expression[j], vertices);
    }

    /// <summary>Only the listed vertices (x, y, z per listed vertex, in list order), for terms that need a few.</summary>
    public void Evaluate(ReadOnlySpan<double> identity, ReadOnlySpan<double> expression, ReadOnlySpan<int> subset, Span<double> vertices)
    {
        CheckWeights(identity, expression);
        if (vertices.Length != 3 * subset.Length)
            throw new ArgumentException($"expected {3 * subset.Length} output values, got {vertices.Length}", nameof(vertices));
        int stride = _neutral.Length;
        for (int k = 0; k < subset.Length; k++)
        {
            int v = subset[k];
            if ((uint)v >= (uint)VertexCount)
                throw new ArgumentOutOfRangeException(nameof(subset), $"vertex {v} is outside [0, {VertexCount})");
            for (int c = 0; c < 3; c++)
            {
                int o = 3 * v + c;
                double s = _neutral[o];
                for (int i = 0; i < identity.Length; i++)
                    s += identity[i] * _identity[i * stride + o];
                for (int j = 0; j < expression.Length; j++)
                    s += expression[j] * _expression[j * stride + o];
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
        int n = subset.Length, stride = _neutral.Length, ne = ExpressionCount;
        if (mean.Length != 3 * n || identity.Length != 3 * n * identityCount || expression.Length != 3 * n * ne)
            throw new ArgumentException("output tables do not match the subset size");
        for (int k = 0; k < n; k++)
        {
            int v = subset[k];
            if ((uint)v >= (uint)VertexCount)
                throw new ArgumentOutOfRangeException(nameof(subset), $"vertex {v} is outside [0, {VertexCount})");
            for (int c = 0; c < 3; c++)
            {
                int row = 3 * k + c, o = 3 * v + c;
                mean[row] = _neutral[o];
                for (int i = 0; i < identityCount; i++)
                    identity[row * identityCount + i] = _identity[i * stride + o];
                for (int j = 0; j < ne; j++)
                    expression[row * ne + j] = _expression[j * stride + o];
            }
        }
    }

    private static void AddScaled(ReadOnlySpan<float> mode, float weight, Span<float> target)
    {
        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            var w = new System.Numerics.Vector<float>(weight);
            int width = System.Numerics.Vector<float>.Count;
            for (; i <= target.Length - width; i += width)
                (new System.Numerics.Vector<float>(target[i..]) + w * new System.Numerics.Vector<float>(mode[i..])).CopyTo(target[i..]);
        }
        for (; i < target.Length; i++)
            target[i] += weight * mode[i];
    }

    private void CheckWeights(ReadOnlySpan<double> identity, ReadOnlySpan<double> expression)
    {
        if (identity.Length > IdentityCount)
            throw new ArgumentException($"{identity.Length} identity weights for {IdentityCount} modes", nameof(identity));
        if (expression.Length > ExpressionCount)
            throw new ArgumentException($"{expression.Length} expression weights for {ExpressionCount} modes", nameof(expression));
    }

    private void CheckVertices(IReadOnlyList<int> list, string name)
    {
        foreach (int v in list)
            if ((uint)v >= (uint)VertexCount)
                throw new ArgumentException($"'{name}' lists vertex {v}, outside [0, {VertexCount})");
    }
}
