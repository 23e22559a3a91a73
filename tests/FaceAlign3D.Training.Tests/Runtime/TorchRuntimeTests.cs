using FaceAlign3D.Training.Runtime;
using static TorchSharp.torch;

namespace FaceAlign3D.Training.Tests.Runtime;

public class TorchRuntimeTests
{
    [Fact]
    public void LibTorch_loads_and_computes_a_gradient()
    {
        TorchRuntime.EnsureLoaded();
        using var x = tensor(new[] { 1.0, 2.0, 3.0 }, requires_grad: true);
        using var y = (x * x).sum();
        y.backward();
        Assert.Equal(new[] { 2.0, 4.0, 6.0 }, x.grad!.data<double>().ToArray());
    }

    [Fact]
    public void Malloc_thresholds_are_applied_on_glibc()
    {
        TorchRuntime.EnsureLoaded();
        Assert.True(TorchRuntime.MallocTuned);
    }
}
