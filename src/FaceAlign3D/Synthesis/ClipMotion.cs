namespace FaceAlign3D.Synthesis;

/// <summary>Where a synthetic clip is at one frame: the head's turn (degrees), the in-plane motion and how far the expression has moved (0-1).</summary>
internal sealed record ClipPose(double YawDegrees, double PitchDegrees, InPlaneMotion InPlane, double ExpressionBlend);

/// <summary>
/// A smooth head motion for a short clip made from a still (3DDFA_V2 section 3.3): yaw and pitch swing as sines, the
/// picture rolls, zooms and drifts, and the expression goes from the photo's to another and back (sin^2), so the
/// first and last frames wear the photo's expression. Amplitudes and phases are drawn once per clip.
/// </summary>
internal sealed class ClipMotion
{
    private readonly double _yaw, _pitch, _pitchPhase, _roll, _dx, _dy, _drift, _zoom;

    /// <param name="random">draws the clip's amplitudes and phases.</param>
    /// <param name="maxYaw">largest yaw swing, degrees (the profiler's limit applies).</param>
    /// <param name="size">image side used to scale the drift, pixels.</param>
    public ClipMotion(Random random, double maxYaw, int size)
    {
        double Uniform(double a, double b) => a + (b - a) * random.NextDouble();
        _yaw = Uniform(0.5, 1) * maxYaw * (random.NextDouble() < 0.5 ? -1 : 1);
        _pitch = Uniform(5, 15);
        _pitchPhase = Uniform(0, 2 * Math.PI);
        _roll = IctFaceSampler.Radians(Uniform(-15, 15));
        _dx = Uniform(-0.04, 0.04) * size;
        _dy = Uniform(-0.04, 0.04) * size;
        _drift = Uniform(0, 2 * Math.PI);
        _zoom = Uniform(0.05, 0.12);
    }

    /// <summary>The pose at frame <paramref name="frame"/> of <paramref name="frames"/>.</summary>
    public ClipPose At(int frame, int frames)
    {
        double t = frames <= 1 ? 0 : (double)frame / (frames - 1);
        double swing = Math.Sin(2 * Math.PI * t);
        var inPlane = new InPlaneMotion(_roll * Math.Sin(Math.PI * t), 1.1 + _zoom * Math.Sin(Math.PI * t),
            _dx * Math.Sin(2 * Math.PI * t + _drift), _dy * Math.Cos(2 * Math.PI * t + _drift) - _dy * Math.Cos(_drift));
        double blend = Math.Pow(Math.Sin(Math.PI * t), 2);
        return new ClipPose(_yaw * swing, _pitch * Math.Sin(Math.PI * t + _pitchPhase) - _pitch * Math.Sin(_pitchPhase), inPlane, blend);
    }
}
