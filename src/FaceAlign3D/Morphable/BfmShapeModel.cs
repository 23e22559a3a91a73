using FaceAlign3D.Geometry;

namespace FaceAlign3D.Morphable;

/// <summary>
/// A Basel Face Model shape model in 3DDFA's layout behind <see cref="IMorphableModel"/>: vertices = u + W_shp a +
/// W_exp b with 40 identity and 10 expression columns, the bases row-major (row 3v + axis, one column per mode).
/// The sparse model of bfm_3ddfa_v2.safetensors is its 68 landmark points (no faces); the dense bfm_noneck_v3 model
/// is the whole mesh. Each row sums in double, identity then expression, as 3DDFA's reconstruction; the full
/// evaluation rounds each product to float like the float bases it reads. Immutable and thread-safe.
/// </summary>
internal sealed class BfmShapeModel : LinearMorphableModel
{
    public const int IdentityModes = 40;
    public const int ExpressionModes = 10;

    // BFM expression modes are PCA components without names; fitting outputs list them by index.
    private static readonly string[] ModeNames = [.. Enumerable.Range(0, ExpressionModes).Select(j => $"exp{j:00}")];

    private readonly float[] _mean;
    private readonly float[] _identity;   // [row][mode]
    private readonly float[] _expression; // [row][mode]

    /// <summary>Wraps arrays (no copies): mean 3N, identity 3N x 40, expression 3N x 10, faces (F, 4) with -1 for triangles.</summary>
    public BfmShapeModel(float[] mean, float[] identity, float[] expression, ReadOnlySpan<int> faces4, IReadOnlyList<int> landmarks68)
        : base(mean, new LinearBasis(identity, IdentityModes, rowMajor: true), new LinearBasis(expression, ExpressionModes, rowMajor: true),
            MeshTopology.FromFaces(faces4, mean.Length / 3), landmarks68)
    {
        if (mean.Length == 0 || mean.Length % 3 != 0 || identity.Length != mean.Length * IdentityModes || expression.Length != mean.Length * ExpressionModes)
            throw new ArgumentException("BFM bases of inconsistent sizes");
        if (landmarks68.Count != 68 || landmarks68.Any(v => (uint)v >= (uint)VertexCount))
            throw new ArgumentException($"expected 68 landmark vertices below {VertexCount}", nameof(landmarks68));
        _mean = mean;
        _identity = identity;
        _expression = expression;
    }

    /// <summary>Triangles (count x 3) as the (F, 4) face table <see cref="MeshTopology"/> reads.</summary>
    public static int[] FacesOfTriangles(ReadOnlySpan<int> triangles)
    {
        var faces = new int[triangles.Length / 3 * 4];
        for (int t = 0; t < triangles.Length / 3; t++)
        {
            triangles.Slice(3 * t, 3).CopyTo(faces.AsSpan(4 * t));
            faces[4 * t + 3] = -1;
        }
        return faces;
    }

    public override IReadOnlyList<string> ExpressionNames => ModeNames;

    public override IReadOnlyDictionary<string, VertexRange> Regions { get; } = new Dictionary<string, VertexRange>();

    public override void Evaluate(ReadOnlySpan<double> identity, ReadOnlySpan<double> expression, Span<float> vertices)
    {
        CheckWeights(identity, expression);
        if (vertices.Length != _mean.Length)
            throw new ArgumentException($"expected {_mean.Length} output values, got {vertices.Length}", nameof(vertices));
        for (int r = 0; r < _mean.Length; r++)
        {
            double v = _mean[r];
            var ws = _identity.AsSpan(r * IdentityModes, identity.Length);
            for (int j = 0; j < ws.Length; j++) v += ws[j] * (float)identity[j];
            var we = _expression.AsSpan(r * ExpressionModes, expression.Length);
            for (int j = 0; j < we.Length; j++) v += we[j] * (float)expression[j];
            vertices[r] = (float)v;
        }
    }
}
