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
    public bool MovesGeometry => Jitter > 0 || ScaleMin != 1 || ScaleMax != 1 || RotationDegrees > 0 || FlipProbability > 0;
}
