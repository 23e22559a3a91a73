using FaceAlign3D.Training.Config;
using FaceAlign3D.Training.Data;
using FaceAlign3D.Training.Networks;
using static TorchSharp.torch;

namespace FaceAlign3D.Training.Trainer;

/// <summary>
/// A frozen regressor (eval mode, no gradients) whose 62 parameters on the training crops serve as
/// pseudo-labels for the teacher loss terms. Inputs that depend only on the face and the flip go through it
/// once, before training, in batches of the training batch size in data set order, so the targets are the same whatever the
/// epoch order and whether a run was resumed; augmented inputs go through it in their training batch.
/// </summary>
public sealed class Teacher : IDisposable
{
    const int ParamCount = RegressorHeads.ParamCount;

    readonly RegressorNetwork _network;
    readonly Dictionary<CropKey, float[]> _fixed = [];

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

    /// <summary>Runs the teacher on every fixed input; <paramref name="render"/> gives their pixels (null = unreadable, left out).</summary>
    public void Precompute(IReadOnlyList<CropKey> keys, int batchSize, Func<IReadOnlyList<CropKey>, float[]?[]> render)
    {
        const int pixels = 3 * TrainingCrop.Size * TrainingCrop.Size;
        for (int start = 0; start < keys.Count; start += batchSize)
        {
            var chunk = keys.Skip(start).Take(batchSize).ToArray();
            var inputs = render(chunk);
            var readable = Enumerable.Range(0, chunk.Length).Where(i => inputs[i] is not null).ToArray();
            if (readable.Length == 0) continue;
            // A short chunk is padded by repeating its rows: LibTorch's last bits depend on the batch size,
            // and training batches are full, so the targets match those of the teacher run on them.
            var images = new float[batchSize * pixels];
            for (int j = 0; j < batchSize; j++) inputs[readable[j % readable.Length]]!.CopyTo(images, j * pixels);
            using var scope = NewDisposeScope();
            var output = Params(tensor(images).view(batchSize, 3, TrainingCrop.Size, TrainingCrop.Size)).contiguous().data<float>().ToArray();
            for (int j = 0; j < readable.Length; j++)
                _fixed[chunk[readable[j]]] = output.AsSpan(j * ParamCount, ParamCount).ToArray();
        }
    }

    /// <summary>
    /// N x 62 parameters for a batch whose rows carry <paramref name="keys"/>: precomputed rows are looked up,
    /// the others go through the network together (eval mode, so no row changes another's output).
    /// </summary>
    public Tensor Params(Tensor images, IReadOnlyList<CropKey?> keys)
    {
        int count = keys.Count;
        var missing = Enumerable.Range(0, count).Where(i => keys[i] is not { } k || !_fixed.ContainsKey(k)).ToArray();
        if (missing.Length == count) return Params(images);
        var result = new float[count * ParamCount];
        for (int i = 0; i < count; i++)
            if (keys[i] is { } key && _fixed.TryGetValue(key, out var target)) target.CopyTo(result, i * ParamCount);
        if (missing.Length > 0)
        {
            using var scope = NewDisposeScope();
            var computed = Params(images.index_select(0, tensor(missing.Select(i => (long)i).ToArray()))).contiguous().data<float>().ToArray();
            for (int j = 0; j < missing.Length; j++)
                computed.AsSpan(j * ParamCount, ParamCount).CopyTo(result.AsSpan(missing[j] * ParamCount));
        }
        return tensor(result).view(count, ParamCount);
    }

    public void Dispose() => _network.Dispose();
}
