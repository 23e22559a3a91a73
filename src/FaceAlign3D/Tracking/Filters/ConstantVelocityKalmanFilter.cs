namespace FaceAlign3D.Tracking.Filters;

/// <summary>
/// An independent constant-velocity Kalman filter per signal: state (position, velocity), driven by
/// white-noise acceleration, observing position only.
/// </summary>
/// <param name="length">Number of signals.</param>
/// <param name="accelerationNoise">Spectral density of the random acceleration (units^2 / s^3); higher follows faster.</param>
/// <param name="measurementNoise">Variance of a measurement (units^2); higher smooths more.</param>
internal sealed class ConstantVelocityKalmanFilter(int length, double accelerationNoise = 100.0, double measurementNoise = 1.0) : IVectorFilter
{
    private readonly double[] _x = new double[length > 0 ? length : throw new ArgumentOutOfRangeException(nameof(length))];
    private readonly double[] _v = new double[length];
    // Covariance [[pxx, pxv], [pxv, pvv]] per signal.
    private readonly double[] _pxx = new double[length];
    private readonly double[] _pxv = new double[length];
    private readonly double[] _pvv = new double[length];
    private double _lastTime = double.NaN;

    public int Length => _x.Length;
    public double AccelerationNoise { get; } = accelerationNoise > 0 ? accelerationNoise : throw new ArgumentOutOfRangeException(nameof(accelerationNoise));
    public double MeasurementNoise { get; } = measurementNoise > 0 ? measurementNoise : throw new ArgumentOutOfRangeException(nameof(measurementNoise));

    public void Apply(double time, Span<double> values)
    {
        if (values.Length != Length)
            throw new ArgumentException($"expected {Length} values, got {values.Length}", nameof(values));
        double dt = time - _lastTime;
        if (double.IsNaN(_lastTime) || !(dt > 0))
        {
            values.CopyTo(_x);
            Array.Clear(_v);
            // Position known to measurement accuracy, velocity unknown.
            Array.Fill(_pxx, MeasurementNoise);
            Array.Clear(_pxv);
            Array.Fill(_pvv, 1e6 * MeasurementNoise);
            _lastTime = time;
            return;
        }
        _lastTime = time;
        double q = AccelerationNoise;
        double qxx = q * dt * dt * dt / 3, qxv = q * dt * dt / 2, qvv = q * dt;
        for (int i = 0; i < values.Length; i++)
        {
            // Predict.
            double x = _x[i] + dt * _v[i];
            double v = _v[i];
            double pxx = _pxx[i] + 2 * dt * _pxv[i] + dt * dt * _pvv[i] + qxx;
            double pxv = _pxv[i] + dt * _pvv[i] + qxv;
            double pvv = _pvv[i] + qvv;
            // Update with the position measurement.
            double s = pxx + MeasurementNoise;
            double kx = pxx / s, kv = pxv / s;
            double innovation = values[i] - x;
            _x[i] = x + kx * innovation;
            _v[i] = v + kv * innovation;
            _pxx[i] = (1 - kx) * pxx;
            _pxv[i] = (1 - kx) * pxv;
            _pvv[i] = pvv - kv * pxv;
            values[i] = _x[i];
        }
    }

    public void Reset() => _lastTime = double.NaN;
}
