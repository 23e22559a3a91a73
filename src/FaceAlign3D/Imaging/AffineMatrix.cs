namespace FaceAlign3D.Imaging;

/// <summary>
/// A 2x3 affine map of image coordinates, x' = M00 x + M01 y + M02, y' = M10 x + M11 y + M12
/// (pixel centres at integers, y down), laid out like OpenCV's warp matrices.
/// </summary>
internal readonly record struct AffineMatrix(double M00, double M01, double M02, double M10, double M11, double M12)
{
    public static AffineMatrix Identity => new(1, 0, 0, 0, 1, 0);

    public static AffineMatrix Translation(double dx, double dy) => new(1, 0, dx, 0, 1, dy);

    /// <summary>
    /// Rotation by <paramref name="angleDegrees"/> about (<paramref name="centerX"/>, <paramref name="centerY"/>) with
    /// uniform <paramref name="scale"/>; positive angles turn counter-clockwise on screen (cv2.getRotationMatrix2D).
    /// </summary>
    public static AffineMatrix Rotation(double centerX, double centerY, double angleDegrees, double scale = 1)
    {
        double radians = angleDegrees * Math.PI / 180;
        double a = scale * Math.Cos(radians), b = scale * Math.Sin(radians);
        return new(a, b, (1 - a) * centerX - b * centerY, -b, a, b * centerX + (1 - a) * centerY);
    }

    public (double X, double Y) Apply(double x, double y) => (M00 * x + M01 * y + M02, M10 * x + M11 * y + M12);

    public bool IsFinite =>
        double.IsFinite(M00) && double.IsFinite(M01) && double.IsFinite(M02) &&
        double.IsFinite(M10) && double.IsFinite(M11) && double.IsFinite(M12);

    /// <summary>The inverse map; throws when the linear part is singular or an entry is not finite.</summary>
    public AffineMatrix Invert()
    {
        double det = M00 * M11 - M01 * M10;
        if (!IsFinite || det == 0 || !double.IsFinite(1 / det))
            throw new ArgumentException($"affine matrix {this} is not invertible");
        double inv = 1 / det;
        double a = M11 * inv, b = -M01 * inv, d = -M10 * inv, e = M00 * inv;
        return new(a, b, -a * M02 - b * M12, d, e, -d * M02 - e * M12);
    }

    /// <summary>This map followed by <paramref name="next"/>.</summary>
    public AffineMatrix Then(AffineMatrix next) => new(
        next.M00 * M00 + next.M01 * M10, next.M00 * M01 + next.M01 * M11, next.M00 * M02 + next.M01 * M12 + next.M02,
        next.M10 * M00 + next.M11 * M10, next.M10 * M01 + next.M11 * M11, next.M10 * M02 + next.M11 * M12 + next.M12);
}
