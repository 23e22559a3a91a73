using FaceAlign3D.Morphable.IctFaceKit;

namespace FaceAlign3D.Fitting;

/// <summary>
/// The rows of a linear face model for a few vertices, in double precision: x = mean + Bid a + Bexp b, with
/// row 3k + axis for listed vertex k and mode-contiguous rows, so energy terms touch only what they need.
/// </summary>
public sealed class ShapeBasis
{
    private ShapeBasis(int[] vertices, int identityCount, int expressionCount, double[] mean, double[] identity, double[] expression)
    {
        Vertices = vertices;
        IdentityCount = identityCount;
        ExpressionCount = expressionCount;
        Mean = mean;
        Identity = identity;
        Expression = expression;
    }

    /// <summary>The model vertex of each row triple.</summary>
    public IReadOnlyList<int> Vertices { get; }

    public int Count => Vertices.Count;

    public int IdentityCount { get; }

    public int ExpressionCount { get; }

    internal double[] Mean { get; }

    /// <summary>(3n x IdentityCount), row-major.</summary>
    internal double[] Identity { get; }

    /// <summary>(3n x ExpressionCount), row-major.</summary>
    internal double[] Expression { get; }

    /// <summary>Extracts the rows of the listed vertices with the first <paramref name="identityCount"/> identity modes.</summary>
    public static ShapeBasis FromModel(IctFaceModel model, ReadOnlySpan<int> vertices, int identityCount)
    {
        ArgumentNullException.ThrowIfNull(model);
        int n = vertices.Length;
        var mean = new double[3 * n];
        var id = new double[3 * n * identityCount];
        var ex = new double[3 * n * model.ExpressionCount];
        model.ExtractSubset(vertices, identityCount, mean, id, ex);
        return new ShapeBasis(vertices.ToArray(), identityCount, model.ExpressionCount, mean, id, ex);
    }

    /// <summary>Vertex positions (3 per listed vertex) for the given weights.</summary>
    public void Evaluate(ReadOnlySpan<double> identity, ReadOnlySpan<double> expression, Span<double> positions)
    {
        if (identity.Length != IdentityCount || expression.Length != ExpressionCount || positions.Length != Mean.Length)
            throw new ArgumentException("weights or output do not match the basis");
        for (int row = 0; row < Mean.Length; row++)
            positions[row] = Row(row, identity, expression);
    }

    internal double Row(int row, ReadOnlySpan<double> identity, ReadOnlySpan<double> expression)
    {
        double s = Mean[row];
        var bi = Identity.AsSpan(row * IdentityCount, IdentityCount);
        for (int i = 0; i < bi.Length; i++)
            s += bi[i] * identity[i];
        var be = Expression.AsSpan(row * ExpressionCount, ExpressionCount);
        for (int j = 0; j < be.Length; j++)
            s += be[j] * expression[j];
        return s;
    }
}
