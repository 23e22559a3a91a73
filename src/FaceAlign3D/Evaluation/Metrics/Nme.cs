namespace FaceAlign3D.Evaluation.Metrics;

/// <summary>NME of one face: the overall value and the contour / inner split (fractions, not percent).</summary>
internal readonly record struct NmeResult(double Nme, double Normalizer, double? Contour, double? Inner);

/// <summary>
/// Normalised mean error: mean Euclidean distance between corresponding predicted and true landmarks
/// divided by a size of the true face (see <see cref="NmeNormalizer"/>).
/// </summary>
internal static class Nme
{
    /// <summary>Scores one face. Throws <see cref="ArgumentException"/> when the sets do not match or the normaliser is zero.</summary>
    public static NmeResult Evaluate(LandmarkSet predicted, LandmarkSet truth, NmeOptions? options = null)
    {
        options ??= new NmeOptions();
        Span<double> errors = truth.Count <= 512 ? stackalloc double[truth.Count] : new double[truth.Count];
        PointErrors(predicted, truth, options.Dimensions, errors);
        double normalizer = Normalizer(truth, options);
        var scheme = options.Scheme ?? LandmarkScheme.ForCount(truth.Count);
        if (scheme is not null && scheme.Count != truth.Count)
            throw new ArgumentException($"scheme {scheme.Name} has {scheme.Count} points, the landmarks have {truth.Count}");
        double? contour = scheme is null ? null : MeanOf(errors, scheme.Contour) / normalizer;
        double? inner = scheme is null ? null : MeanOf(errors, scheme.Inner) / normalizer;
        return new NmeResult(Mean(errors) / normalizer, normalizer, contour, inner);
    }

    /// <summary>
    /// Ground-truth error (GTE): 3D NME normalised by the 3D distance between the outer eye corners.
    /// </summary>
    public static double Gte(LandmarkSet predicted, LandmarkSet truth, LandmarkScheme? scheme = null) =>
        Evaluate(predicted, truth, new NmeOptions
        {
            Dimensions = 3,
            Normalizer = NmeNormalizer.OuterInterOcular,
            Scheme = scheme,
        }).Nme;

    /// <summary>Euclidean distance per landmark over the first <paramref name="dimensions"/> coordinates.</summary>
    public static void PointErrors(LandmarkSet predicted, LandmarkSet truth, int dimensions, Span<double> errors)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(truth);
        if (predicted.Count != truth.Count)
            throw new ArgumentException($"prediction has {predicted.Count} landmarks, ground truth has {truth.Count}");
        if (dimensions is not (2 or 3) || predicted.Dimension < dimensions || truth.Dimension < dimensions)
            throw new ArgumentException($"cannot compare {dimensions}D: prediction is {predicted.Dimension}D, ground truth {truth.Dimension}D");
        if (errors.Length != truth.Count)
            throw new ArgumentException("errors span must have one slot per landmark", nameof(errors));
        ReadOnlySpan<double> p = predicted.Coordinates, g = truth.Coordinates;
        int pd = predicted.Dimension, gd = truth.Dimension;
        for (int i = 0; i < errors.Length; i++)
        {
            double sum = 0;
            for (int a = 0; a < dimensions; a++)
            {
                double d = p[i * pd + a] - g[i * gd + a];
                sum += d * d;
            }
            errors[i] = Math.Sqrt(sum);
        }
    }

    /// <summary>The normalising length of the true landmarks under <paramref name="options"/>.</summary>
    public static double Normalizer(LandmarkSet truth, NmeOptions options)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(options);
        double value;
        switch (options.Normalizer)
        {
            case NmeNormalizer.BoxSqrtArea:
            {
                var (x1, y1, x2, y2) = truth.BoundingBox();
                value = Math.Sqrt((x2 - x1) * (y2 - y1));
                break;
            }
            case NmeNormalizer.BoxDiagonal:
            {
                var (x1, y1, x2, y2) = truth.BoundingBox();
                value = Math.Sqrt((x2 - x1) * (x2 - x1) + (y2 - y1) * (y2 - y1));
                break;
            }
            case NmeNormalizer.OuterInterOcular:
            {
                var scheme = RequireScheme(truth, options);
                value = Distance(Centre(truth, [scheme.OuterCorners.A], options.Dimensions),
                    Centre(truth, [scheme.OuterCorners.B], options.Dimensions));
                break;
            }
            case NmeNormalizer.InterPupil:
            {
                var scheme = RequireScheme(truth, options);
                value = Distance(Centre(truth, scheme.FirstEye, options.Dimensions), Centre(truth, scheme.SecondEye, options.Dimensions));
                break;
            }
            case NmeNormalizer.ImageSize:
                if (options.ImageWidth <= 0 || options.ImageHeight <= 0)
                    throw new ArgumentException("the image-size normaliser needs ImageWidth and ImageHeight");
                value = Math.Sqrt((double)options.ImageWidth * options.ImageHeight);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Normalizer, "unknown normaliser");
        }
        if (!(value > 0) || !double.IsFinite(value))
            throw new ArgumentException($"the {options.Normalizer} normaliser of the ground truth is {value}; the face is degenerate");
        return value;
    }

    internal static double Mean(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (var v in values) sum += v;
        return sum / values.Length;
    }

    private static double MeanOf(ReadOnlySpan<double> values, IReadOnlyList<int> indices)
    {
        double sum = 0;
        foreach (var i in indices) sum += values[i];
        return sum / indices.Count;
    }

    private static LandmarkScheme RequireScheme(LandmarkSet truth, NmeOptions options)
    {
        var scheme = options.Scheme ?? LandmarkScheme.ForCount(truth.Count)
            ?? throw new ArgumentException($"no eye indices are known for {truth.Count} landmarks; pass a LandmarkScheme");
        if (scheme.Count != truth.Count)
            throw new ArgumentException($"scheme {scheme.Name} has {scheme.Count} points, the landmarks have {truth.Count}");
        return scheme;
    }

    private static (double X, double Y, double Z) Centre(LandmarkSet points, IReadOnlyList<int> indices, int dimensions)
    {
        double x = 0, y = 0, z = 0;
        foreach (var i in indices)
        {
            x += points[i, 0];
            y += points[i, 1];
            if (dimensions == 3) z += points[i, 2];
        }
        return (x / indices.Count, y / indices.Count, z / indices.Count);
    }

    private static double Distance((double X, double Y, double Z) a, (double X, double Y, double Z) b)
    {
        double dx = a.X - b.X, dy = a.Y - b.Y, dz = a.Z - b.Z;
        return Math.Sqrt(dx * dx + dy * dy + dz * dz);
    }
}
