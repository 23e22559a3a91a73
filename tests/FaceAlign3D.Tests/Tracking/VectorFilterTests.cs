using FaceAlign3D.Tracking.Filters;

namespace FaceAlign3D.Tests.Tracking;

public class VectorFilterTests
{
    public static TheoryData<string> Filters => ["oneeuro", "kalman"];

    private static IVectorFilter Make(string name, int length) => name switch
    {
        "oneeuro" => new OneEuroFilter(length),
        _ => new ConstantVelocityKalmanFilter(length),
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public void A_constant_signal_passes_unchanged(string name)
    {
        var filter = Make(name, 2);
        for (int i = 0; i < 50; i++)
        {
            double[] v = [3.5, -7];
            filter.Apply(i / 30.0, v);
            Assert.Equal(3.5, v[0], 9);
            Assert.Equal(-7, v[1], 9);
        }
    }

    [Theory]
    [MemberData(nameof(Filters))]
    public void Noise_on_a_still_point_is_at_least_halved(string name)
    {
        var filter = Make(name, 1);
        var rng = new Random(7);
        double rawSq = 0, filteredSq = 0;
        for (int i = 0; i < 600; i++)
        {
            double noise = Gaussian(rng);
            double[] v = [100 + noise];
            filter.Apply(i / 30.0, v);
            if (i >= 60)
            {
                rawSq += noise * noise;
                filteredSq += (v[0] - 100) * (v[0] - 100);
            }
        }
        Assert.True(filteredSq * 4 < rawSq, $"filtered rms {Math.Sqrt(filteredSq / 540):F3} vs raw {Math.Sqrt(rawSq / 540):F3}");
    }

    [Theory]
    [MemberData(nameof(Filters))]
    public void A_steady_motion_is_followed_with_small_lag(string name)
    {
        // 60 px/s at 30 fps: 2 px per frame.
        var filter = Make(name, 1);
        double lastError = 0;
        for (int i = 0; i < 120; i++)
        {
            double truth = 60.0 * i / 30.0;
            double[] v = [truth];
            filter.Apply(i / 30.0, v);
            lastError = Math.Abs(v[0] - truth);
        }
        Assert.True(lastError < 2.0, $"lag {lastError:F3} px after 4 s of steady motion");
    }

    [Fact]
    public void Kalman_converges_to_zero_lag_on_constant_velocity()
    {
        var filter = new ConstantVelocityKalmanFilter(1);
        double error = double.NaN;
        for (int i = 0; i < 300; i++)
        {
            double[] v = [5 + 40.0 * i / 30.0];
            filter.Apply(i / 30.0, v);
            error = Math.Abs(v[0] - (5 + 40.0 * i / 30.0));
        }
        Assert.True(error < 1e-6, $"residual lag {error}");
    }

    [Fact]
    public void One_euro_lags_less_with_a_higher_beta()
    {
        static double Lag(double beta)
        {
            var filter = new OneEuroFilter(1, beta: beta);
            double[] v = [0];
            for (int i = 0; i < 90; i++)
            {
                v[0] = 3.0 * i;
                filter.Apply(i / 30.0, v);
            }
            return 3.0 * 89 - v[0];
        }
        Assert.True(Lag(0.5) < Lag(0.01));
    }

    [Theory]
    [MemberData(nameof(Filters))]
    public void Reset_and_backward_time_restart_from_the_measurement(string name)
    {
        var filter = Make(name, 1);
        double[] v = [0];
        filter.Apply(0, v);
        v[0] = 10;
        filter.Apply(1 / 30.0, v);
        Assert.NotEqual(10, v[0]);
        filter.Reset();
        v[0] = 50;
        filter.Apply(2 / 30.0, v);
        Assert.Equal(50, v[0]);
        v[0] = 80;
        filter.Apply(0, v);
        Assert.Equal(80, v[0]);
    }

    [Fact]
    public void Wrong_lengths_and_parameters_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new OneEuroFilter(2).Apply(0, new double[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OneEuroFilter(2, minCutoff: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantVelocityKalmanFilter(0));
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
