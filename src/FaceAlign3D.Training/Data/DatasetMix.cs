namespace FaceAlign3D.Training.Data;

/// <summary>One data set in a training mix: its faces, its share of each epoch and its augmentation.</summary>
public sealed record MixPart(DatasetScan Dataset, double Weight, Augmentation Augmentation);

/// <summary>
/// A weighted mix of data sets. Each epoch draws round(weight share x epoch size) faces from every part
/// (cycling through a shuffled order of its faces) and shuffles the lot; the order depends only on the
/// seed and the epoch, so a resumed run sees the same batches.
/// </summary>
public sealed class DatasetMix(IReadOnlyList<MixPart> parts, int epochSize)
{
    public IReadOnlyList<MixPart> Parts { get; } = parts.Count > 0 ? parts : throw new ArgumentException("a mix needs at least one data set");
    public int EpochSize { get; } = epochSize > 0 ? epochSize : parts.Sum(p => p.Dataset.Faces.Count);

    public IReadOnlyList<(FaceRecord Face, Augmentation Augmentation)> Epoch(int seed, int epoch)
    {
        var random = new Random(SeedMix.Of(seed, epoch));
        double total = Parts.Sum(p => p.Weight);
        var plan = new List<(FaceRecord, Augmentation)>(EpochSize);
        foreach (var part in Parts)
        {
            var faces = part.Dataset.Faces;
            if (faces.Count == 0 || part.Weight <= 0) continue;
            int count = (int)Math.Round(part.Weight / total * EpochSize);
            var order = faces.ToArray();
            for (int i = 0; i < count; i++)
            {
                if (i % order.Length == 0) random.Shuffle(order);
                plan.Add((order[i % order.Length], part.Augmentation));
            }
        }
        var shuffled = plan.ToArray();
        random.Shuffle(shuffled);
        return shuffled;
    }
}
