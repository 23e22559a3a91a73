using FaceAlign3D.Formats;
using static TorchSharp.torch;

namespace FaceAlign3D.Training.Networks.Weights;

/// <summary>
/// Reads and writes a network's state dict as safetensors (names as in the upstream PyTorch state dict).
/// Heads the file lacks keep their initial weights; a tensor of the wrong shape is an error.
/// </summary>
public static class SafetensorsWeights
{
    /// <summary>Creates a MobileNetV1 whose width follows the file's stem and loads its weights.</summary>
    public static MobileNetV1 LoadMobileNetV1(string path, RegressorHeads heads)
    {
        var file = SafetensorsFile.Open(path);
        if (!file.Contains("conv1.weight"))
            throw new ModelFormatException(path, "no conv1.weight: not a MobileNetV1 state dict");
        var network = new MobileNetV1(MobileNetV1.WidthForStem(file.Shape("conv1.weight")[0]), heads);
        Load(network, file, path);
        return network;
    }

    /// <summary>Copies every tensor of the file that the network has, by name.</summary>
    internal static void Load(RegressorNetwork network, SafetensorsFile file, string source)
    {
        using var _ = no_grad();
        foreach (var (name, target) in network.state_dict())
        {
            if (name.EndsWith("num_batches_tracked", StringComparison.Ordinal)) continue;
            if (!file.Contains(name))
            {
                if (IsOptionalHead(name)) continue;
                throw new ModelFormatException(source, $"tensor '{name}' is missing");
            }
            var shape = file.Shape(name);
            if (!shape.Select(d => (long)d).SequenceEqual(target.shape))
                throw new ModelFormatException(source, $"tensor '{name}' has shape [{string.Join(",", shape)}], the network needs [{string.Join(",", target.shape)}]");
            target.copy_(tensor(file.ReadFloat(name).Data).view(target.shape));
        }
    }

    static bool IsOptionalHead(string name) => name.StartsWith("fc_lm.", StringComparison.Ordinal) || name.StartsWith("fc_sigma.", StringComparison.Ordinal);
}
