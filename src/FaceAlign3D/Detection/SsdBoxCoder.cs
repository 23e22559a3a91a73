namespace FaceAlign3D.Detection;

/// <summary>
/// The SSD box encoding shared by FaceBoxes and UltraLight: a prior (cx, cy, w, h) and a regression
/// (dx, dy, dw, dh) give the centre prior + d x variance x prior size and the size prior x exp(d x variance).
/// Everything is in the normalised units of the priors.
/// </summary>
internal static class SsdBoxCoder
{
    public static BoundingBox Decode(ReadOnlySpan<float> location, ReadOnlySpan<float> prior, double centerVariance, double sizeVariance)
    {
        double cx = prior[0] + location[0] * centerVariance * prior[2];
        double cy = prior[1] + location[1] * centerVariance * prior[3];
        double w = prior[2] * Math.Exp(location[2] * sizeVariance);
        double h = prior[3] * Math.Exp(location[3] * sizeVariance);
        return new BoundingBox(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2);
    }

    /// <summary>The inverse of <see cref="Decode"/>: the regression that turns <paramref name="prior"/> into <paramref name="box"/>.</summary>
    public static (double Dx, double Dy, double Dw, double Dh) Encode(BoundingBox box, ReadOnlySpan<float> prior, double centerVariance, double sizeVariance) =>
        ((box.CenterX - prior[0]) / prior[2] / centerVariance,
         (box.CenterY - prior[1]) / prior[3] / centerVariance,
         Math.Log(box.Width / prior[2]) / sizeVariance,
         Math.Log(box.Height / prior[3]) / sizeVariance);
}
