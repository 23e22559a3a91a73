namespace FaceAlign3D.Training.Data;

/// <summary>
/// The groups a run's multi-view sets add to each batch: every epoch is a <see cref="WeightedDraw"/> of
/// batches x <see cref="GroupsPerBatch"/> groups over the sets (by their weights), and batch b takes the b-th
/// run of them. Like the faces, the order depends only on the seed and the epoch.
/// </summary>
public sealed class MultiViewStream(IReadOnlyList<(GroupScan Scan, double Weight)> parts, int groupsPerBatch)
{
    public int GroupsPerBatch { get; } = groupsPerBatch >= 1 ? groupsPerBatch : throw new ArgumentOutOfRangeException(nameof(groupsPerBatch));

    public bool IsEmpty => parts.All(p => p.Scan.Groups.Count == 0 || p.Weight <= 0);

    public IReadOnlyList<ViewGroup> Epoch(int seed, int epoch, int batches) =>
        WeightedDraw.Epoch(parts.Select(p => (p.Scan.Groups, p.Weight)), batches * GroupsPerBatch, new Random(SeedMix.Of(seed, epoch, 2)));
}

/// <summary>A group's views as network inputs (no augmentation) with their cameras mapped into crop pixels (null when unknown).</summary>
public sealed record GroupCrops(ViewGroup Group, IReadOnlyList<TrainingExample> Views, IReadOnlyList<double[]?> CropCameras);

/// <summary>One training step's inputs: the faces of the data set mix and the whole groups of the multi-view sets.</summary>
public sealed record LoadedBatch(IReadOnlyList<TrainingExample> Examples, IReadOnlyList<GroupCrops> Groups);
