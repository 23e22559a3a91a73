using FaceAlign3D.Geometry;

namespace FaceAlign3D.Fitting;

/// <summary>
/// A closed-form starting pose: the least-squares affine camera from model landmarks to pixels, whose first two
/// rows are made orthonormal to give a rotation and a scale. Works at any yaw, so the solver starts near the basin.
/// </summary>
internal static class PoseInitializer
{
    /// <summary>Pose parameters [w, tx, ty, s] for a scaled orthographic view.</summary>
    public static double[] Orthographic(ReadOnlySpan<double> modelPoints, ReadOnlySpan<Point2> pixels, ViewCamera camera)
    {
        var (rc, scale, offset) = AffineToSimilarity(modelPoints, pixels, 0, 0);
        var rh = camera.R.Transpose() * rc;
        var w = Rotation.ToAxisAngle(rh);
        return [w.X, w.Y, w.Z, offset.X, offset.Y, scale];
    }

    /// <summary>Pose parameters [w, t_h] for a pinhole view with focal length <paramref name="focal"/>.</summary>
    public static double[] Pinhole(ReadOnlySpan<double> modelPoints, ReadOnlySpan<Point2> pixels, ViewCamera camera, double focal)
    {
        var (rc, scale, offset) = AffineToSimilarity(modelPoints, pixels, camera.Cx, camera.Cy);
        var rh = camera.R.Transpose() * rc;
        // Place the landmark centroid on the ray through its image, at the depth where the model has this scale.
        Vec3 centroid = Vec3.Zero;
        int n = 0;
        for (int k = 0; k < pixels.Length; k++)
            if (pixels[k].IsFinite) { centroid += new Vec3(modelPoints[3 * k], modelPoints[3 * k + 1], modelPoints[3 * k + 2]); n++; }
        centroid = (1.0 / n) * centroid;
        double z = focal / scale;
        var rc0 = rc * centroid;
        // offset is the image position of the camera-axes origin under the affine fit; the centroid lands at offset + s (rc c)_xy.
        var target = new Vec3((offset.X - camera.Cx + scale * rc0.X) * z / focal, (offset.Y - camera.Cy + scale * rc0.Y) * z / focal, z);
        var t = camera.R.Transpose() * (target - camera.T) - rh * centroid;
        var w = Rotation.ToAxisAngle(rh);
        return [w.X, w.Y, w.Z, t.X, t.Y, t.Z];
    }

    /// <summary>
    /// Fits u - (cx, cy) = A X + b over the observed points, then returns the camera-axes rotation whose first two rows
    /// are the orthonormalised rows of A, their mean norm as scale, and b as the 2D offset.
    /// </summary>
    private static (Mat3 Rc, double Scale, Point2 Offset) AffineToSimilarity(ReadOnlySpan<double> x, ReadOnlySpan<Point2> u, double cx, double cy)
    {
        Span<double> ata = stackalloc double[16];
        Span<double> bu = stackalloc double[4];
        Span<double> bv = stackalloc double[4];
        ata.Clear(); bu.Clear(); bv.Clear();
        for (int k = 0; k < u.Length; k++)
        {
            if (!u[k].IsFinite)
                continue;
            ReadOnlySpan<double> row = [x[3 * k], x[3 * k + 1], x[3 * k + 2], 1.0];
            for (int i = 0; i < 4; i++)
            {
                for (int j = 0; j < 4; j++)
                    ata[4 * i + j] += row[i] * row[j];
                bu[i] += row[i] * (u[k].X - cx);
                bv[i] += row[i] * (u[k].Y - cy);
            }
        }
        for (int i = 0; i < 4; i++)
            ata[5 * i] += 1e-9 * (1 + ata[5 * i]);
        if (!DenseCholesky.Factor(ata, 4))
            throw new ArgumentException("landmarks do not determine a camera (degenerate configuration)");
        DenseCholesky.Solve(ata, 4, bu);
        DenseCholesky.Solve(ata, 4, bv);
        var r1 = new Vec3(bu[0], bu[1], bu[2]);
        var r2 = new Vec3(bv[0], bv[1], bv[2]);
        double scale = 0.5 * (r1.Length + r2.Length);
        if (!(scale > 1e-12) || !double.IsFinite(scale))
            throw new ArgumentException("landmarks do not determine a camera (zero or non-finite scale)");
        // Symmetric orthonormalisation: rotate both rows by half the deviation from 90 degrees.
        var a = r1.Normalized();
        var b = r2.Normalized();
        var sum = (a + b).Normalized();
        var diff = (a - b).Normalized();
        var e1 = Math.Sqrt(0.5) * (sum + diff);
        var e2 = Math.Sqrt(0.5) * (sum - diff);
        var e3 = Vec3.Cross(e1, e2);
        return (Mat3.FromRows(e1, e2, e3), scale, new Point2(bu[3] + cx, bv[3] + cy));
    }
}
