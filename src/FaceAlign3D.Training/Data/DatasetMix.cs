namespace FaceAlign3D.Training.Data;

/// <summary>One data set in a training mix: its faces, its share of each epoch and its augmentation.</summary>
public sealed record MixPart(DatasetScan Dataset, double Weight, Augmentation Augmentation);

/// <summary>
/// A weighted mix of data sets. Each epoch is a <see cref="WeightedDraw"/> of epoch size faces; the order
/// depends only on the seed and the epoch, so a resumed run sees the same batches.
/// </summary>
public sealed class DatasetMix(IReadOnlyList<MixPart> parts, int epochSize)
{
    public IReadOnlyList<MixPart> Parts { get; } = parts.Count > 0 ? parts : throw new ArgumentException("a mix needs at least one data set");
    public int EpochSize { get; } = epochSize > 0 ? epochSize : parts.Sum(p => p.Dataset.Faces.Count);

    public IReadOnlyList<(FaceRecord Face, Augmentation Augmentation)> Epoch(int seed, int epoch) =>
        WeightedDraw.Epoch(Parts.Select(p => ((IReadOnlyList<(FaceRecord, Augmentation)>)p.Dataset.Faces.Select(f => (f, p.Augmentation)).ToArray(), p.Weight)),
            EpochSize, new Random(SeedMix.Of(seed, epoch)));
}
