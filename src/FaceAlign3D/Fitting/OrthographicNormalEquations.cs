using System.Buffers;
using FaceAlign3D.Geometry;

namespace FaceAlign3D.Fitting;

/// <summary>
/// J^T J and J^T r of one frame seen by one scaled orthographic view, with identity, pose and expression free,
/// from <see cref="BasisMoments"/> instead of a dense Jacobian. Parameter order as in <see cref="FaceEnergy"/>:
/// [identity, pose (w, tx, ty, s), expression]. The landmark rows only; the caller adds the prior terms.
/// </summary>
internal static class OrthographicNormalEquations
{
    /// <summary>Pose columns that are linear in x: the three rotation components and the scale.</summary>
    private static ReadOnlySpan<int> LinearPose => [0, 1, 2, 5];

    // positions: the basis's point positions at p (3 per point), as the residuals were evaluated.
    public static void Build(BasisMoments moments, ViewCamera camera, Point2[] observed, ReadOnlySpan<double> p,
        ReadOnlySpan<double> positions, ReadOnlySpan<double> residuals, Span<double> a, Span<double> g)
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

        // Shape-shape block: sum_ij (sum_a V_a,i V_a,j) G_ij over the first ns rows and columns, written straight
        // into the identity and expression column ranges of a.
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                double coefficient = shapeV[0][i] * shapeV[0][j] + shapeV[1][i] * shapeV[1][j];
                var block = moments.G.AsSpan((3 * i + j) * l * l, l * l);
                for (int c = 0; c < ns; c++)
                {
                    var source = block.Slice(c * l, ns);
                    var target = a.Slice(Column(c, ni) * n, n);
                    DenseOps.AddScaled(target[..ni], coefficient, source[..ni]);
                    DenseOps.AddScaled(target[(ni + FaceEnergy.PoseSize)..], coefficient, source[ni..]);
                }
            }

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

        Gradient(moments, observed, positions, residuals, ni, shapeV, v, g);
    }

    /// <summary>
    /// g = J^T r over the landmark rows: the pose entries point by point, the shape entries as one transposed basis
    /// product of the per-point image-space pulls z_k = V^T (w_k r_k).
    /// </summary>
    private static void Gradient(BasisMoments moments, Point2[] observed, ReadOnlySpan<double> positions, ReadOnlySpan<double> residuals,
        int ni, ReadOnlySpan<Vec3> shapeV, ReadOnlySpan<Vec3> v, Span<double> g)
    {
        var basis = moments.Basis;
        int ne = basis.ExpressionCount;
        var zBuffer = ArrayPool<double>.Shared.Rent(3 * basis.Count);
        var z = zBuffer.AsSpan(0, 3 * basis.Count);
        z.Clear();
        for (int k = 0; k < basis.Count; k++)
        {
            if (!observed[k].IsFinite || moments.Weights[k] == 0)
                continue;
            double sw = Math.Sqrt(moments.Weights[k]);
            double r0 = sw * residuals[2 * k], r1 = sw * residuals[2 * k + 1];
            var x = new Vec3(positions[3 * k], positions[3 * k + 1], positions[3 * k + 2]);
            foreach (int q in LinearPose)
                g[ni + q] += r0 * Vec3.Dot(v[2 * q], x) + r1 * Vec3.Dot(v[2 * q + 1], x);
            g[ni + 3] += r0;
            g[ni + 4] += r1;
            var zk = r0 * shapeV[0] + r1 * shapeV[1];
            z[3 * k] = zk.X; z[3 * k + 1] = zk.Y; z[3 * k + 2] = zk.Z;
        }
        basis.TransposeProduct(z, g[..ni], g.Slice(ni + FaceEnergy.PoseSize, ne));
        ArrayPool<double>.Shared.Return(zBuffer);
    }

    /// <summary>The parameter column of shape column c: identity first, expression after the pose.</summary>
    private static int Column(int c, int ni) => c < ni ? c : c + FaceEnergy.PoseSize;
}
