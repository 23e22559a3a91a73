namespace FaceAlign3D.Fitting;

/// <summary>
/// Weighted second moments of a shape basis, Y_k = [Bid_k | Bexp_k | mean_k] (3 x L per point, L = identity +
/// expression + 1): G_ij = sum_k w_k Y_k[i]^T Y_k[j] and S_i = sum_k w_k Y_k[i]. Under a scaled orthographic
/// camera every Jacobian entry of a landmark row is sqrt(w_k) times v^T Y_k u for a 3-vector v shared by all points
/// and u a unit vector or [shape; 1], so the normal matrix needs only these moments: its cost no longer grows with
/// the number of landmarks. Immutable; built once per basis and weights.
/// </summary>
internal sealed class BasisMoments
{
    private BasisMoments(ShapeBasis basis, double[] weights, double[] g, double[] s, double total)
    {
        Basis = basis;
        Weights = weights;
        G = g;
        S = s;
        Total = total;
    }

    public ShapeBasis Basis { get; }

    /// <summary>w_k per point, zero where the landmark is not observed.</summary>
    public double[] Weights { get; }

    /// <summary>L = IdentityCount + ExpressionCount + 1.</summary>
    public int Width => Basis.IdentityCount + Basis.ExpressionCount + 1;

    /// <summary>G_ij as 9 row-major L x L blocks, block 3i + j.</summary>
    public double[] G { get; }

    /// <summary>S_i as 3 blocks of L.</summary>
    public double[] S { get; }

    /// <summary>sum_k w_k.</summary>
    public double Total { get; }

    public bool Matches(ShapeBasis basis, ReadOnlySpan<double> weights) => ReferenceEquals(basis, Basis) && weights.SequenceEqual(Weights);

    public static BasisMoments Build(ShapeBasis basis, double[] weights)
    {
        int ni = basis.IdentityCount, ne = basis.ExpressionCount, l = ni + ne + 1;
        var g = new double[9 * l * l];
        var s = new double[3 * l];
        var y = new double[3 * l];
        double total = 0;
        for (int k = 0; k < basis.Count; k++)
        {
            double w = weights[k];
            if (w == 0)
                continue;
            total += w;
            for (int i = 0; i < 3; i++)
            {
                int row = 3 * k + i;
                basis.Identity.AsSpan(row * ni, ni).CopyTo(y.AsSpan(i * l));
                basis.Expression.AsSpan(row * ne, ne).CopyTo(y.AsSpan(i * l + ni));
                y[i * l + l - 1] = basis.Mean[row];
                DenseOps.AddScaled(s.AsSpan(i * l, l), w, y.AsSpan(i * l, l));
            }
            // Upper blocks (i <= j) only; the lower ones are their transposes.
            for (int i = 0; i < 3; i++)
                for (int j = i; j < 3; j++)
                {
                    var block = g.AsSpan((3 * i + j) * l * l, l * l);
                    var yj = y.AsSpan(j * l, l);
                    for (int c = 0; c < l; c++)
                    {
                        double v = w * y[i * l + c];
                        if (v != 0)
                            DenseOps.AddScaled(block.Slice(c * l, l), v, yj);
                    }
                }
        }
        for (int i = 1; i < 3; i++)
            for (int j = 0; j < i; j++)
            {
                var upper = g.AsSpan((3 * j + i) * l * l, l * l);
                var lower = g.AsSpan((3 * i + j) * l * l, l * l);
                for (int c = 0; c < l; c++)
                    for (int d = 0; d < l; d++)
                        lower[c * l + d] = upper[d * l + c];
            }
        return new BasisMoments(basis, weights, g, s, total);
    }
}
