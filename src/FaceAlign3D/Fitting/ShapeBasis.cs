using FaceAlign3D.Morphable;
using FaceAlign3D.Morphable.IctFaceKit;

namespace FaceAlign3D.Fitting;

/// <summary>
/// The rows of a linear face model for a few surface points, in double precision: x = mean + Bid a + Bexp b, with
/// row 3k + axis for point k and mode-contiguous rows, so energy terms touch only what they need. A point is a
/// model vertex or a barycentric combination of a triangle's three vertices; the model is linear, so the combined
/// rows are exact and a point costs the same as a vertex in the energy and its Jacobian.
/// </summary>
internal sealed class ShapeBasis
{
    private ShapeBasis(int[] vertices, int identityCount, int expressionCount, double[] mean, double[] identity, double[] expression)
    {
        Vertices = vertices;
        IdentityCount = identityCount;
        ExpressionCount = expressionCount;
        Mean = mean;
        Identity = identity;
        Expression = expression;
        IdentityByMode = ByMode(identity, identityCount);
        ExpressionByMode = ByMode(expression, expressionCount);
    }

    /// <summary>The model vertex of each row triple; for a barycentric point, the triangle corner with the largest weight.</summary>
    public IReadOnlyList<int> Vertices { get; }

    public int Count => Vertices.Count;

    public int IdentityCount { get; }

    public int ExpressionCount { get; }

    internal double[] Mean { get; }

    /// <summary>(3n x IdentityCount), row-major.</summary>
    internal double[] Identity { get; }

    /// <summary>(3n x ExpressionCount), row-major.</summary>
    internal double[] Expression { get; }

    /// <summary>
    /// <see cref="Identity"/> and <see cref="Expression"/> transposed (one row of 3n per mode), so whole-shape
    /// products run along contiguous rows in SIMD instead of one short dot product per coordinate.
    /// </summary>
    private double[] IdentityByMode { get; }

    private double[] ExpressionByMode { get; }

    private static double[] ByMode(double[] rowMajor, int modes)
    {
        int rows = modes == 0 ? 0 : rowMajor.Length / modes;
        var byMode = new double[rowMajor.Length];
        for (int row = 0; row < rows; row++)
            for (int i = 0; i < modes; i++)
                byMode[i * rows + row] = rowMajor[row * modes + i];
        return byMode;
    }

    /// <summary>Extracts the rows of the listed vertices with the first <paramref name="identityCount"/> identity modes.</summary>
    public static ShapeBasis FromModel(IMorphableModel model, ReadOnlySpan<int> vertices, int identityCount)
    {
        ArgumentNullException.ThrowIfNull(model);
        int n = vertices.Length;
        var mean = new double[3 * n];
        var id = new double[3 * n * identityCount];
        var ex = new double[3 * n * model.ExpressionCount];
        model.ExtractSubset(vertices, identityCount, mean, id, ex);
        return new ShapeBasis(vertices.ToArray(), identityCount, model.ExpressionCount, mean, id, ex);
    }

    /// <summary>
    /// Extracts the rows of surface points, each the barycentric combination of three vertices' rows; only the
    /// distinct vertices involved are read from the model.
    /// </summary>
    public static ShapeBasis FromSurfacePoints(IMorphableModel model, IReadOnlyList<SurfacePoint> points, int identityCount)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(points);
        var distinct = new Dictionary<int, int>();
        foreach (var p in points)
            foreach (int v in (ReadOnlySpan<int>)[p.A, p.B, p.C])
                distinct.TryAdd(v, distinct.Count);
        var vertices = distinct.Keys.ToArray();
        var source = FromModel(model, vertices, identityCount);
        int n = points.Count, ni = identityCount, ne = model.ExpressionCount;
        var mean = new double[3 * n];
        var id = new double[3 * n * ni];
        var ex = new double[3 * n * ne];
        var dominant = new int[n];
        for (int k = 0; k < n; k++)
        {
            var p = points[k];
            dominant[k] = p.Wa >= p.Wb && p.Wa >= p.Wc ? p.A : p.Wb >= p.Wc ? p.B : p.C;
            foreach (var (v, w) in (ReadOnlySpan<(int, double)>)[(p.A, p.Wa), (p.B, p.Wb), (p.C, p.Wc)])
            {
                if (w == 0)
                    continue;
                int s = distinct[v];
                for (int c = 0; c < 3; c++)
                {
                    int to = 3 * k + c, from = 3 * s + c;
                    mean[to] += w * source.Mean[from];
                    Accumulate(id.AsSpan(to * ni, ni), source.Identity.AsSpan(from * ni, ni), w);
                    Accumulate(ex.AsSpan(to * ne, ne), source.Expression.AsSpan(from * ne, ne), w);
                }
            }
        }
        return new ShapeBasis(dominant, identityCount, ne, mean, id, ex);
    }

    private static void Accumulate(Span<double> target, ReadOnlySpan<double> row, double w)
    {
        for (int i = 0; i < target.Length; i++)
            target[i] += w * row[i];
    }

    /// <summary>Point positions (3 per point) for the given weights.</summary>
    public void Evaluate(ReadOnlySpan<double> identity, ReadOnlySpan<double> expression, Span<double> positions)
    {
        if (identity.Length != IdentityCount || expression.Length != ExpressionCount || positions.Length != Mean.Length)
            throw new ArgumentException("weights or output do not match the basis");
        Mean.CopyTo(positions);
        AddModes(positions, IdentityByMode, identity);
        AddModes(positions, ExpressionByMode, expression);
    }

    /// <summary>
    /// positions += sum_i weights[i] * mode i, in mode order; zero weights (expressions at their bound) cost nothing.
    /// Four modes share each load and store of the positions.
    /// </summary>
    private static void AddModes(Span<double> positions, double[] byMode, ReadOnlySpan<double> weights)
    {
        int rows = positions.Length;
        Span<int> used = stackalloc int[weights.Length];
        int count = 0;
        for (int i = 0; i < weights.Length; i++)
            if (weights[i] != 0)
                used[count++] = i;
        int u = 0;
        for (; u + 4 <= count; u += 4)
            DenseOps.AddScaled4(positions,
                weights[used[u]], byMode.AsSpan(used[u] * rows, rows), weights[used[u + 1]], byMode.AsSpan(used[u + 1] * rows, rows),
                weights[used[u + 2]], byMode.AsSpan(used[u + 2] * rows, rows), weights[used[u + 3]], byMode.AsSpan(used[u + 3] * rows, rows));
        for (; u < count; u++)
            DenseOps.AddScaled(positions, weights[used[u]], byMode.AsSpan(used[u] * rows, rows));
    }

    /// <summary>The transposed product B^T z (z has 3 values per point): identity[i] = Bid[:, i] . z, the same for expression.</summary>
    public void TransposeProduct(ReadOnlySpan<double> z, Span<double> identity, Span<double> expression)
    {
        if (z.Length != Mean.Length || identity.Length != IdentityCount || expression.Length != ExpressionCount)
            throw new ArgumentException("vector or outputs do not match the basis");
        for (int i = 0; i < identity.Length; i++)
            identity[i] = DenseOps.Dot(IdentityByMode.AsSpan(i * z.Length, z.Length), z);
        for (int j = 0; j < expression.Length; j++)
            expression[j] = DenseOps.Dot(ExpressionByMode.AsSpan(j * z.Length, z.Length), z);
    }
}
