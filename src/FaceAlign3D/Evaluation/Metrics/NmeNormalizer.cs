namespace FaceAlign3D.Evaluation.Metrics;

/// <summary>What the mean landmark error is divided by.</summary>
public enum NmeNormalizer
{
    /// <summary>sqrt(w * h) of the ground-truth landmark box (3DDFA / AFLW2000-3D protocol).</summary>
    BoxSqrtArea,

    /// <summary>Diagonal sqrt(w^2 + h^2) of the ground-truth landmark box.</summary>
    BoxDiagonal,

    /// <summary>Distance between the outer eye corners (points 36 and 45 of the 68-point layout).</summary>
    OuterInterOcular,

    /// <summary>Distance between the eye centres (mean of each eye's points, or the pupil points).</summary>
    InterPupil,

    /// <summary>sqrt(width * height) of the image (the side length for square aligned images).</summary>
    ImageSize,
}

/// <summary>Settings shared by NME, GTE and stability.</summary>
internal sealed record NmeOptions
{
    public NmeNormalizer Normalizer { get; init; } = NmeNormalizer.BoxSqrtArea;

    /// <summary>Coordinates compared: 2 (x, y) or 3 (x, y, z).</summary>
    public int Dimensions { get; init; } = 2;

    /// <summary>Layout for eye-based normalisers and the contour / inner split; chosen by point count when null.</summary>
    public LandmarkScheme? Scheme { get; init; }

    /// <summary>Needed only for <see cref="NmeNormalizer.ImageSize"/>.</summary>
    public int ImageWidth { get; init; }

    public int ImageHeight { get; init; }
}
