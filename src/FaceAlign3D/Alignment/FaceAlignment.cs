using System.Numerics;
using FaceAlign3D.Detection;

namespace FaceAlign3D.Alignment;

/// <summary>
/// The result of aligning one face. Landmarks are in image pixels (x right, y down); the z of
/// <see cref="Landmarks3D"/> follows the model's convention (3DDFA_V2: the BFM depth scaled like x/y and
/// shifted so the smallest z is 0). <see cref="Parameters"/> holds what <see cref="Layout"/> names
/// (3DDFA_V2: the 62 de-normalised 3DMM parameters; MediaPipe: the 4x4 pose transform) and <see cref="RoiBox"/> the square crop they refer to.
/// <see cref="Confidence"/> is the score of the box the face was aligned from (the regressor has none of its own).
/// </summary>
public sealed record FaceAlignment(
    IReadOnlyList<Vector3> Landmarks3D,
    HeadPose Pose,
    IReadOnlyList<float> Parameters,
    BoundingBox RoiBox,
    float Confidence)
{
    /// <summary>Which landmarks and parameters this result holds.</summary>
    public required AlignmentLayout Layout { get; init; }

    /// <summary>Where the jaw landmarks 0-16 lie on a turned face.</summary>
    public ContourConvention Contour { get; init; } = ContourConvention.Fixed;

    /// <summary>How long the aligner spent cropping, regressing and reconstructing this face.</summary>
    public AlignStageTimes Times { get; init; }

    /// <summary>
    /// Per-landmark uncertainty (standard deviation of each landmark's x and y, image pixels) when the model predicts
    /// one (a regressor exported with the log-sigma output); null otherwise.
    /// </summary>
    public IReadOnlyList<float>? LandmarkSigmas { get; init; }

    /// <summary>The x,y of <see cref="Landmarks3D"/>.</summary>
    public IReadOnlyList<Vector2> Landmarks2D => Landmarks3D.Select(p => new Vector2(p.X, p.Y)).ToArray();
}
