using TorchSharp;
using static TorchSharp.torch;

namespace FaceAlign3D.Training.Networks;

/// <summary>
/// A trainable 62-parameter regressor over 120x120 BGR crops. Backbones derive from it; loaders,
/// exporters and the trainer only see this contract.
/// </summary>
public abstract class RegressorNetwork(string name) : nn.Module<Tensor, RegressorOutput>(name)
{
    /// <summary>The layers in graph order with BatchNorm folded into each convolution (for export).</summary>
    public abstract IReadOnlyList<FoldedLayer> FoldedLayers();

    /// <summary>
    /// Training mode with BatchNorm layers kept on their running statistics (fine-tuning on small batches,
    /// where batch statistics would move a pretrained network away from its operating point).
    /// </summary>
    public void TrainWithFrozenBatchNorm()
    {
        train();
        foreach (var module in modules().OfType<TorchSharp.Modules.BatchNorm2d>()) module.eval();
    }

    /// <summary>The trainable parameters of the named parts (state-dict prefixes), for freezing.</summary>
    public IEnumerable<(string Name, TorchSharp.Modules.Parameter Parameter)> ParametersUnder(string prefix) =>
        named_parameters().Where(p => p.name == prefix || p.name.StartsWith(prefix + ".", StringComparison.Ordinal));
}
