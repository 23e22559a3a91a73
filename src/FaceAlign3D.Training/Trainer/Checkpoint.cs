using System.Text.Json;
using FaceAlign3D.Training.Networks;
using TorchSharp.Modules;

namespace FaceAlign3D.Training.Trainer;

/// <summary>
/// Where a run stands: the next epoch and batch to train, the steps done, and the running loss sum and
/// batch count of the unfinished epoch (so its logged mean is the same after a resume).
/// </summary>
public sealed record TrainingPosition(int Epoch, int Batch, long Step, double EpochLossSum = 0, int EpochBatches = 0);

/// <summary>
/// checkpoint.bin in the run folder: a JSON position, the network's state and the optimizer's state
/// (momentum or Adam moments). Written to a temporary file and renamed, so a killed run leaves either
/// the previous checkpoint or the new one, never half of one.
/// </summary>
public static class Checkpoint
{
    public const string FileName = "checkpoint.bin";

    public static void Save(string folder, RegressorNetwork network, OptimizerHelper optimizer, TrainingPosition position)
    {
        string path = Path.Combine(folder, FileName);
        string temp = path + ".tmp";
        using (var stream = File.Create(temp))
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(JsonSerializer.Serialize(position));
            network.save(writer);
            optimizer.save_state_dict(writer);
        }
        File.Move(temp, path, overwrite: true);
    }

    public static bool Exists(string folder) => File.Exists(Path.Combine(folder, FileName));

    public static TrainingPosition Load(string folder, RegressorNetwork network, OptimizerHelper optimizer)
    {
        string path = Path.Combine(folder, FileName);
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        var position = JsonSerializer.Deserialize<TrainingPosition>(reader.ReadString())
            ?? throw new InvalidDataException($"{path}: no position");
        network.load(reader);
        optimizer.load_state_dict(reader);
        return position;
    }
}
