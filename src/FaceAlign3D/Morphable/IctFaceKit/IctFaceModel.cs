using FaceAlign3D.Geometry;

namespace FaceAlign3D.Morphable.IctFaceKit;

/// <summary>
/// The ICT Face Model (Light): vertices = neutral + sum_i a_i identity_i + sum_j b_j expression_j, in centimetres,
/// model frame x right (the subject's left), y up, z towards the viewer. Identity weights are standard-normal PCA
/// coefficients; expression weights are ARKit-style blendshape activations in [0, 1].
/// Immutable and thread-safe once built.
/// </summary>
public sealed class IctFaceModel : LinearMorphableModel
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
        : base(neutral, new LinearBasis(identityModes, identityNames.Count, rowMajor: false), new LinearBasis(expressionModes, expressionNames.Count, rowMajor: false),
            MeshTopology.FromFaces(faces, neutral.Length / 3), landmarks68)
    {
        if (neutral.Length == 0 || neutral.Length % 3 != 0)
            throw new ArgumentException("the neutral shape must hold x, y, z per vertex", nameof(neutral));
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
        IdentityNames = identityNames;
        ExpressionNames = expressionNames;
        Regions = regions;
        LandmarkAlternatives = landmarkAlternatives;
        _expressionIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < expressionNames.Count; i++)
            if (!_expressionIndex.TryAdd(expressionNames[i], i))
                throw new ArgumentException($"expression name '{expressionNames[i]}' appears twice", nameof(expressionNames));
    }

    public IReadOnlyList<string> IdentityNames { get; }

    public override IReadOnlyList<string> ExpressionNames { get; }

    /// <summary>Named inclusive vertex ranges: all, face, head_and_neck, ..., narrow_face_area.</summary>
    public override IReadOnlyDictionary<string, VertexRange> Regions { get; }

    /// <summary>Jawline alternatives by name: jawline_right_substitutes_0_7, jawline_left_substitutes_9_16, jawline_right_extended, jawline_left_extended.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<int>> LandmarkAlternatives { get; }

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
    public override void Evaluate(ReadOnlySpan<double> identity, ReadOnlySpan<double> expression, Span<float> vertices)
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

    private void CheckVertices(IReadOnlyList<int> list, string name)
    {
        foreach (int v in list)
            if ((uint)v >= (uint)VertexCount)
                throw new ArgumentException($"'{name}' lists vertex {v}, outside [0, {VertexCount})");
    }
}
