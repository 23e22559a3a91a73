using System.Threading.Channels;
using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Imaging;

namespace FaceAlign3D.Training.Data;

/// <summary>
/// Renders an epoch's batches on worker threads while training runs, a few batches ahead. Each face's
/// augmentation draws from its own generator (seed, epoch, position), so batches do not depend on thread
/// timing. Crops of fixed geometry are kept in a <see cref="CropCache"/> after their first render.
/// With a <see cref="MultiViewStream"/>, each batch also carries its whole groups, every view unaugmented.
/// Unreadable images are skipped, counted and named in <see cref="Skipped"/> (a group with one loses the batch).
/// </summary>
public sealed class BatchLoader(DatasetMix mix, int batchSize, int seed, int workers = 2, int prefetch = 3, MultiViewStream? views = null)
{
    readonly List<DatasetIssue> _skipped = [];
    readonly CropCache _crops = new();

    public IReadOnlyList<DatasetIssue> Skipped
    {
        get { lock (_skipped) return _skipped.ToArray(); }
    }

    public int BatchesPerEpoch => mix.EpochSize / batchSize;

    /// <summary>The epoch's batches from <paramref name="firstBatch"/> on (later ones when resuming mid-epoch).</summary>
    public async IAsyncEnumerable<LoadedBatch> Batches(int epoch, int firstBatch = 0,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation = default)
    {
        var plan = mix.Epoch(seed, epoch);
        var groups = views is null || views.IsEmpty ? null : views.Epoch(seed, epoch, BatchesPerEpoch);
        var channel = Channel.CreateBounded<LoadedBatch>(prefetch);
        var producer = Task.Run(async () =>
        {
            try
            {
                for (int b = firstBatch; b < BatchesPerEpoch; b++)
                {
                    var batch = new LoadedBatch(Render(plan, epoch, b), groups is null ? [] : RenderGroups(groups, b));
                    await channel.Writer.WriteAsync(batch, cancellation);
                }
                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.Complete(e);
            }
        }, cancellation);
        await foreach (var batch in channel.Reader.ReadAllAsync(cancellation))
            yield return batch;
        await producer;
    }

    /// <summary>
    /// The keyed inputs (fixed geometry, no photometric change) of the faces that epochs 0 to
    /// <paramref name="epochs"/> - 1 draw, in data set order: each face unmirrored when its flip probability is
    /// below 1, mirrored when it is above 0. It depends only on the seed and the epoch count, as the batches do.
    /// </summary>
    public IReadOnlyList<CropKey> FixedInputs(int epochs)
    {
        var drawn = new HashSet<FaceRecord>(ReferenceEqualityComparer.Instance);
        for (int epoch = 0; epoch < epochs; epoch++)
            foreach (var (face, _) in mix.Epoch(seed, epoch).Take(BatchesPerEpoch * batchSize)) drawn.Add(face);
        return mix.Parts.Where(p => p.Weight > 0 && !p.Augmentation.MovesGeometryBesidesFlip && !p.Augmentation.ChangesPixels)
            .SelectMany(p => p.Dataset.Faces.Where(drawn.Contains).SelectMany(f => new[] { false, true }
                .Where(flip => flip ? p.Augmentation.FlipProbability > 0 : p.Augmentation.FlipProbability < 1)
                .Select(flip => new CropKey(f, flip))))
            .ToArray();
    }

    /// <summary>Network inputs of <paramref name="keys"/> on the worker threads (kept in the crop cache); null where the image cannot be read.</summary>
    public float[]?[] Pixels(IReadOnlyList<CropKey> keys)
    {
        var pixels = new float[]?[keys.Count];
        Parallel.For(0, keys.Count, new ParallelOptions { MaxDegreeOfParallelism = workers }, i =>
        {
            try
            {
                pixels[i] = TrainingCrop.Pixels(keys[i], _crops);
            }
            catch (Exception e) when (e is ImageFormatException or IOException or UnauthorizedAccessException)
            {
                lock (_skipped) _skipped.Add(new DatasetIssue(keys[i].Face.ImagePath, e.Message));
            }
        });
        return pixels;
    }

    IReadOnlyList<GroupCrops> RenderGroups(IReadOnlyList<ViewGroup> groups, int batch)
    {
        var chosen = groups.Skip(batch * views!.GroupsPerBatch).Take(views.GroupsPerBatch).ToArray();
        var rendered = new GroupCrops?[chosen.Length];
        Parallel.For(0, chosen.Length, new ParallelOptions { MaxDegreeOfParallelism = workers }, i =>
        {
            var group = chosen[i];
            try
            {
                var crops = group.Views.Select(v => TrainingCrop.Render(v.Face, Augmentation.None, new Random(0), _crops)).ToArray();
                var cameras = group.Views.Select(v => v.Camera is null ? null : TrainingCrop.CropCamera(v.Face, v.Camera)).ToArray();
                rendered[i] = new GroupCrops(group, crops, cameras);
            }
            catch (Exception e) when (e is ImageFormatException or IOException or UnauthorizedAccessException)
            {
                lock (_skipped) _skipped.Add(new DatasetIssue(group.Id, e.Message));
            }
        });
        return rendered.Where(g => g is not null).ToArray()!;
    }

    IReadOnlyList<TrainingExample> Render(IReadOnlyList<(FaceRecord Face, Augmentation Augmentation)> plan, int epoch, int batch)
    {
        var examples = new TrainingExample?[batchSize];
        Parallel.For(0, batchSize, new ParallelOptions { MaxDegreeOfParallelism = workers }, i =>
        {
            int position = batch * batchSize + i;
            var (face, augmentation) = plan[position];
            try
            {
                examples[i] = TrainingCrop.Render(face, augmentation, new Random(SeedMix.Of(seed, epoch, position, 1)), _crops);
            }
            catch (Exception e) when (e is ImageFormatException or IOException or UnauthorizedAccessException)
            {
                lock (_skipped) _skipped.Add(new DatasetIssue(face.ImagePath, e.Message));
            }
        });
        return examples.Where(e => e is not null).ToArray()!;
    }
}
