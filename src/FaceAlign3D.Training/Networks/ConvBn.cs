using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FaceAlign3D.Training.Networks;

/// <summary>A bias-free convolution followed by BatchNorm and ReLU, and its folded form for export.</summary>
internal static class ConvBn
{
    public const double BatchNormEps = 1e-5;

    public const double BatchNormMomentum = 0.1;

    /// <summary>
    /// BatchNorm through the functional form: the module's own forward counts batches with
    /// <c>num_batches_tracked.add_(1)</c>, whose temporary Scalar the garbage collector may finalise while LibTorch still
    /// reads it ("Unknown scalar type" after thousands of steps under allocation pressure); the count is unused at
    /// a fixed momentum.
    /// </summary>
    public static Tensor Forward(Conv2d conv, BatchNorm2d bn, Tensor x) =>
        nn.functional.relu(nn.functional.batch_norm(conv.call(x), bn.running_mean, bn.running_var, bn.weight, bn.bias,
            bn.training, BatchNormMomentum, BatchNormEps));

    /// <summary>W' = W * gamma / sqrt(var + eps), b' = beta - mean * gamma / sqrt(var + eps).</summary>
    public static FoldedLayer Fold(Conv2d conv, BatchNorm2d bn, int stride, int padding, int groups)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var w = conv.weight!.to_type(ScalarType.Float64);
        var scale = bn.weight!.to_type(ScalarType.Float64) / (bn.running_var!.to_type(ScalarType.Float64) + BatchNormEps).sqrt();
        var folded = w * scale.view(-1, 1, 1, 1);
        var bias = bn.bias!.to_type(ScalarType.Float64) - bn.running_mean!.to_type(ScalarType.Float64) * scale;
        return new FoldedLayer(FoldedLayerKind.ConvRelu, w.shape.Select(d => (int)d).ToArray(),
            folded.to_type(ScalarType.Float32).data<float>().ToArray(), bias.to_type(ScalarType.Float32).data<float>().ToArray(),
            stride, padding, groups);
    }

    /// <summary>Sets a convolution and its BatchNorm so that together they compute a folded layer exactly.</summary>
    public static void Unfold(Conv2d conv, BatchNorm2d bn, FoldedLayer layer)
    {
        using var _ = no_grad();
        long channels = bn.weight!.shape[0];
        conv.weight!.copy_(tensor(layer.Weight).view(conv.weight.shape));
        bn.weight.fill_(1);
        bn.bias!.copy_(tensor(layer.Bias));
        bn.running_mean!.zero_();
        bn.running_var!.fill_(1 - BatchNormEps);
        if (layer.Bias.Length != channels)
            throw new ArgumentException($"folded layer has {layer.Bias.Length} biases for {channels} channels");
    }
}
