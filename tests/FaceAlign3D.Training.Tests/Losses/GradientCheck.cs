using static TorchSharp.torch;

namespace FaceAlign3D.Training.Tests.Losses;

/// <summary>Central finite differences in double precision against autograd.</summary>
internal static class GradientCheck
{
    /// <summary>
    /// Largest |autograd - finite difference| over the elements of <paramref name="point"/>, relative to the largest
    /// gradient. <paramref name="differenced"/> is the function to difference when it differs from <paramref name="loss"/>
    /// only by terms held constant (stop-gradient weights).
    /// </summary>
    public static double RelativeError(Func<Tensor, Tensor> loss, Tensor point, Func<Tensor, Tensor>? differenced = null, double step = 1e-6)
    {
        differenced ??= loss;
        using var scope = NewDisposeScope();
        var x = point.to_type(ScalarType.Float64).detach().clone().requires_grad_(true);
        loss(x).backward();
        var analytic = x.grad!.clone();
        var flat = x.detach().clone().flatten();
        var numeric = zeros_like(flat);
        using (no_grad())
        {
            for (long i = 0; i < flat.shape[0]; i++)
            {
                var plus = flat.clone(); plus[i] += step;
                var minus = flat.clone(); minus[i] -= step;
                double up = differenced(plus.view(x.shape)).item<double>();
                double down = differenced(minus.view(x.shape)).item<double>();
                numeric[i] = (up - down) / (2 * step);
            }
        }
        double scale = Math.Max(analytic.abs().max().item<double>(), 1e-12);
        return (analytic.flatten() - numeric).abs().max().item<double>() / scale;
    }
}
