using System.Numerics;
using FaceAlign3D.Alignment;

namespace FaceAlign3D.Tracking.Filters;

/// <summary>
/// Temporal smoothing of one track: the 3D landmarks in face-size units (coordinates divided by the face size of
/// the track's first frame, a fixed scale, so filtering stays linear), and the pose as yaw/pitch/roll unwrapped
/// across +-180 degrees plus the rotation matrix entries, re-orthonormalised after filtering.
/// </summary>
internal sealed class TrackSmoother(SmoothingOptions options)
{
    private readonly AngleUnwrapper[] _angles = [new(), new(), new()];
    private IVectorFilter? _landmarkFilter;
    private readonly IVectorFilter? _poseFilter = options.CreatePoseFilter(12);
    private double[] _buffer = [];
    private double _scale = double.NaN;

    public SmoothingOptions Options { get; } = options;

    /// <summary>Smooths one frame's measurement taken at <paramref name="time"/> seconds.</summary>
    public (Vector3[] Landmarks, HeadPose Pose) Apply(double time, IReadOnlyList<Vector3> landmarks, HeadPose pose)
    {
        var smoothed = landmarks.ToArray();
        if (Options.Method == SmoothingMethod.None)
            return (smoothed, pose);
        if (double.IsNaN(_scale))
            _scale = FaceSize(landmarks);
        if (_landmarkFilter is null || _landmarkFilter.Length != 3 * landmarks.Count)
            _landmarkFilter = Options.CreateLandmarkFilter(3 * landmarks.Count)!;
        if (_buffer.Length != 3 * landmarks.Count)
            _buffer = new double[3 * landmarks.Count];
        for (int i = 0; i < smoothed.Length; i++)
        {
            _buffer[3 * i] = smoothed[i].X / _scale;
            _buffer[3 * i + 1] = smoothed[i].Y / _scale;
            _buffer[3 * i + 2] = smoothed[i].Z / _scale;
        }
        _landmarkFilter.Apply(time, _buffer);
        for (int i = 0; i < smoothed.Length; i++)
            smoothed[i] = new Vector3((float)(_buffer[3 * i] * _scale), (float)(_buffer[3 * i + 1] * _scale), (float)(_buffer[3 * i + 2] * _scale));
        return (smoothed, SmoothPose(time, pose));
    }

    /// <summary>Forgets the history and the face size; the next frame passes unchanged.</summary>
    public void Reset()
    {
        _landmarkFilter?.Reset();
        _poseFilter?.Reset();
        foreach (var a in _angles)
            a.Reset();
        _scale = double.NaN;
    }

    private HeadPose SmoothPose(double time, HeadPose pose)
    {
        Span<double> v = stackalloc double[12];
        v[0] = _angles[0].Unwrap(pose.YawDegrees * Math.PI / 180);
        v[1] = _angles[1].Unwrap(pose.PitchDegrees * Math.PI / 180);
        v[2] = _angles[2].Unwrap(pose.RollDegrees * Math.PI / 180);
        pose.Rotation.AsSpan(0, 9).CopyTo(v[3..]);
        _poseFilter!.Apply(time, v);
        return new HeadPose(Orthonormalise(v[3..]),
            AngleUnwrapper.Wrap(v[0]) * 180 / Math.PI, AngleUnwrapper.Wrap(v[1]) * 180 / Math.PI, AngleUnwrapper.Wrap(v[2]) * 180 / Math.PI,
            pose.Formula);
    }

    // Averaged rotations are not rotations: rows 1 and 2 are made orthonormal (Gram-Schmidt), row 3 is their cross product.
    private static double[] Orthonormalise(ReadOnlySpan<double> m)
    {
        var a = new Vector3D(m[0], m[1], m[2]).Normalized();
        var b = new Vector3D(m[3], m[4], m[5]);
        b = (b - a * a.Dot(b)).Normalized();
        var c = a.Cross(b);
        return [a.X, a.Y, a.Z, b.X, b.Y, b.Z, c.X, c.Y, c.Z];
    }

    /// <summary>Mean of the width and height of the landmarks' x,y box, at least one pixel.</summary>
    public static double FaceSize(IReadOnlyList<Vector3> landmarks)
    {
        float minX = float.MaxValue, minY = float.MaxValue, maxX = float.MinValue, maxY = float.MinValue;
        foreach (var p in landmarks)
        {
            minX = Math.Min(minX, p.X); maxX = Math.Max(maxX, p.X);
            minY = Math.Min(minY, p.Y); maxY = Math.Max(maxY, p.Y);
        }
        double size = (maxX - (double)minX + maxY - (double)minY) / 2;
        return double.IsFinite(size) && size > 1 ? size : 1;
    }

    private readonly record struct Vector3D(double X, double Y, double Z)
    {
        public static Vector3D operator -(Vector3D a, Vector3D b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);
        public static Vector3D operator *(Vector3D a, double s) => new(a.X * s, a.Y * s, a.Z * s);
        public double Dot(Vector3D o) => X * o.X + Y * o.Y + Z * o.Z;
        public Vector3D Cross(Vector3D o) => new(Y * o.Z - Z * o.Y, Z * o.X - X * o.Z, X * o.Y - Y * o.X);
        public Vector3D Normalized() => this * (1 / Math.Sqrt(Dot(this)));
    }
}
