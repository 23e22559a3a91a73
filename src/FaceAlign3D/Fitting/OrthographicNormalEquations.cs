using FaceAlign3D.Geometry;

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

/// <summary>
/// J^T J and J^T r of one frame seen by one scaled orthographic view, with identity, pose and expression free,
/// from <see cref="BasisMoments"/> instead of a dense Jacobian. Parameter order as in <see cref="FaceEnergy"/>:
/// [identity, pose (w, tx, ty, s), expression]. The landmark rows only; the caller adds the prior terms.
/// </summary>
internal static class OrthographicNormalEquations
{
    /// <summary>Pose columns that are linear in x: the three rotation components and the scale.</summary>
    private static ReadOnlySpan<int> LinearPose => [0, 1, 2, 5];

    public static void Build(BasisMoments moments, ViewCamera camera, Point2[] observed, ReadOnlySpan<double> p,
        ReadOnlySpan<double> residuals, Span<double> a, Span<double> g)
    {
        var basis = moments.Basis;
        int ni = basis.IdentityCount, ne = basis.ExpressionCount, l = ni + ne + 1, ns = l - 1;
        int n = ni + FaceEnergy.PoseSize + ne;
        a[..(n * n)].Clear();
        g[..n].Clear();
        var theta = new double[l];
        p[..ni].CopyTo(theta);
        p.Slice(ni + FaceEnergy.PoseSize, ne).CopyTo(theta.AsSpan(ni));
        theta[ns] = 1;
        var pose = p.Slice(ni, FaceEnergy.PoseSize);
        var rh = Rotation.FromAxisAngle(new Vec3(pose[0], pose[1], pose[2]), out var d0, out var d1, out var d2);
        double scale = pose[5];
        var m = camera.R * rh;
        // v[q, a]: the 3-vector of pose column q and image axis a (unused for the translations).
        Span<Vec3> v = stackalloc Vec3[12];
        Mat3[] rotationDerivatives = [camera.R * d0, camera.R * d1, camera.R * d2];
        for (int axis = 0; axis < 2; axis++)
        {
            for (int q = 0; q < 3; q++)
                v[2 * q + axis] = scale * rotationDerivatives[q].Row(axis);
            v[2 * 5 + axis] = m.Row(axis);
        }
        Span<Vec3> shapeV = [scale * m.Row(0), scale * m.Row(1)];

        // T_ij = G_ij theta, q_ij = theta . T_ij, sigma_i = S_i . theta.
        var t = new double[9 * l];
        Span<double> qij = stackalloc double[9];
        Span<double> sigma = stackalloc double[3];
        for (int b = 0; b < 9; b++)
        {
            var block = moments.G.AsSpan(b * l * l, l * l);
            for (int c = 0; c < l; c++)
                t[b * l + c] = DenseOps.Dot(block.Slice(c * l, l), theta);
            qij[b] = DenseOps.Dot(t.AsSpan(b * l, l), theta);
        }
        for (int i = 0; i < 3; i++)
            sigma[i] = DenseOps.Dot(moments.S.AsSpan(i * l, l), theta);

        // Shape-shape block: sum_ij (sum_a V_a,i V_a,j) G_ij over the first ns rows and columns.
        var shapeBlock = new double[ns * ns];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                double coefficient = shapeV[0][i] * shapeV[0][j] + shapeV[1][i] * shapeV[1][j];
                var block = moments.G.AsSpan((3 * i + j) * l * l, l * l);
                for (int c = 0; c < ns; c++)
                    DenseOps.AddScaled(shapeBlock.AsSpan(c * ns, ns), coefficient, block.Slice(c * l, ns));
            }
        for (int c = 0; c < ns; c++)
            for (int d = 0; d < ns; d++)
                a[Column(c, ni) * n + Column(d, ni)] = shapeBlock[c * ns + d];

        // Shape-pose and pose-pose blocks.
        for (int c = 0; c < ns; c++)
        {
            int column = Column(c, ni);
            foreach (int q in LinearPose)
            {
                double sum = 0;
                for (int i = 0; i < 3; i++)
                    for (int j = 0; j < 3; j++)
                        sum += (shapeV[0][i] * v[2 * q][j] + shapeV[1][i] * v[2 * q + 1][j]) * t[(3 * i + j) * l + c];
                a[column * n + ni + q] = a[(ni + q) * n + column] = sum;
            }
            for (int axis = 0; axis < 2; axis++)
            {
                double sum = 0;
                for (int i = 0; i < 3; i++)
                    sum += shapeV[axis][i] * moments.S[i * l + c];
                a[column * n + ni + 3 + axis] = a[(ni + 3 + axis) * n + column] = sum;
            }
        }
        foreach (int q in LinearPose)
        {
            foreach (int r in LinearPose)
            {
                double sum = 0;
                for (int i = 0; i < 3; i++)
                    for (int j = 0; j < 3; j++)
                        sum += (v[2 * q][i] * v[2 * r][j] + v[2 * q + 1][i] * v[2 * r + 1][j]) * qij[3 * i + j];
                a[(ni + q) * n + ni + r] = sum;
            }
            for (int axis = 0; axis < 2; axis++)
            {
                double sum = 0;
                for (int i = 0; i < 3; i++)
                    sum += v[2 * q + axis][i] * sigma[i];
                a[(ni + q) * n + ni + 3 + axis] = a[(ni + 3 + axis) * n + ni + q] = sum;
            }
        }
        a[(ni + 3) * n + ni + 3] = a[(ni + 4) * n + ni + 4] = moments.Total;

        Gradient(moments, observed, residuals, theta, ni, n, shapeV, v, g);
    }

    /// <summary>g = J^T r over the landmark rows, point by point (linear in the number of points).</summary>
    private static void Gradient(BasisMoments moments, Point2[] observed, ReadOnlySpan<double> residuals, double[] theta,
        int ni, int n, ReadOnlySpan<Vec3> shapeV, ReadOnlySpan<Vec3> v, Span<double> g)
    {
        var basis = moments.Basis;
        int ne = basis.ExpressionCount;
        Span<double> zShape = stackalloc double[3];
        for (int k = 0; k < basis.Count; k++)
        {
            if (!observed[k].IsFinite || moments.Weights[k] == 0)
                continue;
            double sw = Math.Sqrt(moments.Weights[k]);
            double r0 = sw * residuals[2 * k], r1 = sw * residuals[2 * k + 1];
            var x = new Vec3(
                basis.Row(3 * k, theta.AsSpan(0, ni), theta.AsSpan(ni, ne)),
                basis.Row(3 * k + 1, theta.AsSpan(0, ni), theta.AsSpan(ni, ne)),
                basis.Row(3 * k + 2, theta.AsSpan(0, ni), theta.AsSpan(ni, ne)));
            foreach (int q in LinearPose)
                g[ni + q] += r0 * Vec3.Dot(v[2 * q], x) + r1 * Vec3.Dot(v[2 * q + 1], x);
            g[ni + 3] += r0;
            g[ni + 4] += r1;
            var z = r0 * shapeV[0] + r1 * shapeV[1];
            zShape[0] = z.X; zShape[1] = z.Y; zShape[2] = z.Z;
            for (int i = 0; i < 3; i++)
            {
                DenseOps.AddScaled(g[..ni], zShape[i], basis.Identity.AsSpan((3 * k + i) * ni, ni));
                DenseOps.AddScaled(g.Slice(ni + FaceEnergy.PoseSize, ne), zShape[i], basis.Expression.AsSpan((3 * k + i) * ne, ne));
            }
        }
    }

    /// <summary>The parameter column of shape column c: identity first, expression after the pose.</summary>
    private static int Column(int c, int ni) => c < ni ? c : c + FaceEnergy.PoseSize;
}
