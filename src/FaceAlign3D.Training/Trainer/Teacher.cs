using FaceAlign3D.Training.Config;
using FaceAlign3D.Training.Networks;
using static TorchSharp.torch;

namespace FaceAlign3D.Training.Trainer;

/// <summary>
/// A frozen regressor (eval mode, no gradients) whose 62 parameters on the training crops serve as
/// pseudo-labels for the teacher loss terms.
/// </summary>
public sealed class Teacher : IDisposable
{
    readonly RegressorNetwork _network;

    public Teacher(string weights, string baseFolder)
    {
        _network = RegressorFactory.Create(new ModelSection { Weights = weights }, baseFolder);
        foreach (var parameter in _network.parameters()) parameter.requires_grad_(false);
        _network.eval();
    }

    /// <summary>N x 62 normalised parameters for a batch of crops, detached from any graph.</summary>
    public Tensor Params(Tensor images)
    {
        using var _ = no_grad();
        return _network.call(images).Params.detach();
    }

    public void Dispose() => _network.Dispose();
}
