namespace FaceAlign3D.Training.Data;

/// <summary>
/// Random changes applied to each crop: region jitter (fraction of the box side), scale range, in-plane
/// rotation (degrees), horizontal flip probability, colour gain/offset, blur and occlusion probabilities.
/// <see cref="None"/> renders the 3DDFA_V2 crop unchanged.
/// </summary>
public sealed record Augmentation
{
    public double Jitter { get; init; }
    public double ScaleMin { get; init; } = 1;
    public double ScaleMax { get; init; } = 1;
    public double RotationDegrees { get; init; }
    public double FlipProbability { get; init; }
    public double ColorJitter { get; init; }
    public double BlurProbability { get; init; }
    public double OcclusionProbability { get; init; }

    public static Augmentation None { get; } = new();

    /// <summary>True when the crop geometry may change, which invalidates 62-parameter targets.</summary>
    public bool MovesGeometry => MovesGeometryBesidesFlip || FlipProbability > 0;

    /// <summary>True when the crop may be more than the region box, mirrored or not.</summary>
    public bool MovesGeometryBesidesFlip => Jitter > 0 || ScaleMin != 1 || ScaleMax != 1 || RotationDegrees > 0;

    /// <summary>True when colour, blur or occlusion change the crop's pixels after the warp.</summary>
    public bool ChangesPixels => ColorJitter > 0 || BlurProbability > 0 || OcclusionProbability > 0;
}
