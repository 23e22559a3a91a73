namespace FaceAlign3D.Tracking.Filters;

/// <summary>Which temporal filter smooths a track's landmarks and pose.</summary>
public enum SmoothingMethod
{
    /// <summary>The aligner's output as it is.</summary>
    None,

    /// <summary><see cref="OneEuroFilter"/>: adaptive low-pass, little lag when the face moves fast.</summary>
    OneEuro,

    /// <summary><see cref="ConstantVelocityKalmanFilter"/>: no lag on steady motion.</summary>
    Kalman,
}

/// <summary>
/// Parameters of the temporal filters. Landmark parameters are in face-size units (landmark coordinates divided
/// by the face size measured when the track starts), so one set works at any resolution; pose parameters are
/// in radians. Defaults were tuned on synthetic clips with known ground truth (docs/tracking.md).
/// </summary>
public sealed record SmoothingOptions
{
    public SmoothingMethod Method { get; init; } = SmoothingMethod.Kalman;

    /// <summary>One Euro cutoff at rest (Hz) for landmarks.</summary>
    public double LandmarkMinCutoff { get; init; } = 4.0;

    /// <summary>One Euro cutoff increase per face size per second of landmark speed.</summary>
    public double LandmarkBeta { get; init; } = 40.0;

    /// <summary>One Euro cutoff at rest (Hz) for the pose.</summary>
    public double PoseMinCutoff { get; init; } = 2.0;

    /// <summary>One Euro cutoff increase per radian per second of pose speed.</summary>
    public double PoseBeta { get; init; } = 3.0;

    /// <summary>One Euro cutoff (Hz) of the speed estimate, landmarks and pose.</summary>
    public double DerivativeCutoff { get; init; } = 1.0;

    /// <summary>Kalman white-noise acceleration density for landmarks (face sizes^2 / s^3).</summary>
    public double LandmarkAccelerationNoise { get; init; } = 0.3;

    /// <summary>Kalman measurement variance for landmarks (face sizes^2): the aligner's frame-to-frame jitter.</summary>
    public double LandmarkMeasurementNoise { get; init; } = 1e-4;

    /// <summary>Kalman white-noise acceleration density for the pose (rad^2 / s^3).</summary>
    public double PoseAccelerationNoise { get; init; } = 1.0;

    /// <summary>Kalman measurement variance for the pose (rad^2).</summary>
    public double PoseMeasurementNoise { get; init; } = 1e-3;

    /// <summary>A filter of <paramref name="length"/> landmark coordinates (face-size units), or null for none.</summary>
    public IVectorFilter? CreateLandmarkFilter(int length) => Method switch
    {
        SmoothingMethod.OneEuro => new OneEuroFilter(length, LandmarkMinCutoff, LandmarkBeta, DerivativeCutoff),
        SmoothingMethod.Kalman => new ConstantVelocityKalmanFilter(length, LandmarkAccelerationNoise, LandmarkMeasurementNoise),
        _ => null,
    };

    /// <summary>A filter of <paramref name="length"/> pose values (radians, or unitless rotation entries), or null for none.</summary>
    public IVectorFilter? CreatePoseFilter(int length) => Method switch
    {
        SmoothingMethod.OneEuro => new OneEuroFilter(length, PoseMinCutoff, PoseBeta, DerivativeCutoff),
        SmoothingMethod.Kalman => new ConstantVelocityKalmanFilter(length, PoseAccelerationNoise, PoseMeasurementNoise),
        _ => null,
    };

    /// <summary>Parses none | oneeuro | kalman (case-insensitive).</summary>
    public static SmoothingMethod ParseMethod(string text) => text.Trim().ToLowerInvariant() switch
    {
        "none" => SmoothingMethod.None,
        "oneeuro" or "one-euro" or "1euro" => SmoothingMethod.OneEuro,
        "kalman" => SmoothingMethod.Kalman,
        _ => throw new ArgumentException($"unknown smoothing '{text}': expected none, oneeuro or kalman"),
    };
}
