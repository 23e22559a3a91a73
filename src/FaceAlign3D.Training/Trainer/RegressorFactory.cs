using FaceAlign3D.Training.Config;
using FaceAlign3D.Training.Networks;
using FaceAlign3D.Training.Networks.Weights;

namespace FaceAlign3D.Training.Trainer;

/// <summary>Builds the configured network, from a .safetensors or .onnx file or randomly initialised, with frozen parts fixed.</summary>
public static class RegressorFactory
{
    public static MobileNetV1 Create(ModelSection model, string baseFolder)
    {
        var heads = new RegressorHeads(model.LandmarkHead, model.UncertaintyHead);
        string weights = model.Weights.Length == 0 ? "" : Path.GetFullPath(model.Weights, baseFolder);
        var network = Path.GetExtension(weights).ToLowerInvariant() switch
        {
            "" => new MobileNetV1(model.Width, heads),
            ".safetensors" => SafetensorsWeights.LoadMobileNetV1(weights, heads),
            ".onnx" => OnnxWeights.LoadMobileNetV1(weights, heads),
            var other => throw new ArgumentException($"model weights '{weights}': expected .safetensors or .onnx, not {other}"),
        };
        if (model.ResetHead) network.ResetParamHead();
        foreach (string prefix in model.Freeze)
        {
            var frozen = network.ParametersUnder(prefix).ToArray();
            if (frozen.Length == 0) throw new ArgumentException($"freeze: the network has no part named '{prefix}'");
            foreach (var (_, parameter) in frozen) parameter.requires_grad_(false);
        }
        return network;
    }
}
