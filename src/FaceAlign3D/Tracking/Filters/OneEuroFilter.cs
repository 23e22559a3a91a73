namespace FaceAlign3D.Tracking.Filters;

/// <summary>
/// The One Euro filter (Casiez, Roussel and Vogel, CHI 2012): an exponential smoother whose cutoff
/// frequency rises with the signal's speed, so still signals are smoothed hard and fast motion lags little.
/// </summary>
/// <param name="length">Number of signals.</param>
/// <param name="minCutoff">Cutoff in Hz at rest; lower smooths more.</param>
/// <param name="beta">Cutoff increase per unit of speed (signal units per second); higher lags less.</param>
/// <param name="derivativeCutoff">Cutoff in Hz for the speed estimate.</param>
internal sealed class OneEuroFilter(int length, double minCutoff = 1.0, double beta = 0.05, double derivativeCutoff = 1.0) : IVectorFilter
{
    private readonly double[] _value = new double[Positive(length)];
    private readonly double[] _speed = new double[length];
    private double _lastTime = double.NaN;

    public int Length => _value.Length;
    public double MinCutoff { get; } = minCutoff > 0 ? minCutoff : throw new ArgumentOutOfRangeException(nameof(minCutoff));
    public double Beta { get; } = beta >= 0 ? beta : throw new ArgumentOutOfRangeException(nameof(beta));
    public double DerivativeCutoff { get; } = derivativeCutoff > 0 ? derivativeCutoff : throw new ArgumentOutOfRangeException(nameof(derivativeCutoff));

    public void Apply(double time, Span<double> values)
    {
        if (values.Length != Length)
            throw new ArgumentException($"expected {Length} values, got {values.Length}", nameof(values));
        double dt = time - _lastTime;
        if (double.IsNaN(_lastTime) || !(dt > 0))
        {
            // First sample, or a repeated/backward timestamp: restart from the measurement.
            values.CopyTo(_value);
            Array.Clear(_speed);
            _lastTime = time;
            return;
        }
        _lastTime = time;
        double speedAlpha = Alpha(DerivativeCutoff, dt);
        for (int i = 0; i < values.Length; i++)
        {
            double rawSpeed = (values[i] - _value[i]) / dt;
            _speed[i] += speedAlpha * (rawSpeed - _speed[i]);
            double cutoff = MinCutoff + Beta * Math.Abs(_speed[i]);
            _value[i] += Alpha(cutoff, dt) * (values[i] - _value[i]);
            values[i] = _value[i];
        }
    }

    public void Reset() => _lastTime = double.NaN;

    private static double Alpha(double cutoff, double dt)
    {
        double tau = 1.0 / (2 * Math.PI * cutoff);
        return 1.0 / (1.0 + tau / dt);
    }

    private static int Positive(int length) => length > 0 ? length : throw new ArgumentOutOfRangeException(nameof(length));
}
