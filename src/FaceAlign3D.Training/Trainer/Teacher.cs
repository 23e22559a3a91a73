using FaceAlign3D.Training.Config;
using FaceAlign3D.Training.Data;
using FaceAlign3D.Training.Losses;
using FaceAlign3D.Training.Networks;
using static TorchSharp.torch;

namespace FaceAlign3D.Training.Trainer;

/// <summary>A teacher's targets for a batch: its N x 62 parameters and, when flip-averaged, its N x 3 x 68 posed landmarks.</summary>
public sealed record TeacherTargets(Tensor Params, Tensor? Landmarks);

/// <summary>
/// A frozen regressor (eval mode, no gradients) whose outputs on the training crops serve as pseudo-labels for
/// the teacher loss terms. Inputs that depend only on the face and the flip go through it once, before
/// training, in batches of the training batch size in data set order, so the targets are the same whatever
/// the epoch order and whether a run was resumed; augmented inputs go through it in their training batch.
/// With flip averaging, the 68 posed landmarks are the mean of those on the crop and those on its mirror image,
/// mirrored back (crop x to 119 - x, so posed x to 121 - x, points renumbered).
/// </summary>
public sealed class Teacher : IDisposable
{
    const int ParamCount = RegressorHeads.ParamCount;
    const int LandmarkValues = 3 * 68;

    readonly RegressorNetwork _network;
    readonly MorphableBases? _flipAverage;
    readonly Tensor? _mirrorOrder;
    readonly Dictionary<CropKey, float[]> _fixed = [];

    /// <param name="weights">The teacher's .safetensors or .onnx file.</param>
    /// <param name="baseFolder">The folder relative paths start from.</param>
    /// <param name="flipAverage">The 68-point bases when the landmark targets are flip-averaged, else null.</param>
    public Teacher(string weights, string baseFolder, MorphableBases? flipAverage = null)
    {
        _network = RegressorFactory.Create(new ModelSection { Weights = weights }, baseFolder);
        foreach (var parameter in _network.parameters()) parameter.requires_grad_(false);
        _network.eval();
        _flipAverage = flipAverage;
        _mirrorOrder = flipAverage is null ? null : tensor(LandmarkLayout.Ibug68.FlipPermutation.Select(i => (long)i).ToArray());
    }

    int RowLength => _flipAverage is null ? ParamCount : ParamCount + LandmarkValues;

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
            var rows = Rows(tensor(images).view(batchSize, 3, TrainingCrop.Size, TrainingCrop.Size));
            for (int j = 0; j < readable.Length; j++)
                _fixed[chunk[readable[j]]] = rows.AsSpan(j * RowLength, RowLength).ToArray();
        }
    }

    /// <summary>
    /// Targets for a batch whose rows carry <paramref name="keys"/>: precomputed rows are looked up, the others
    /// go through the network together (eval mode, so no row changes another's output).
    /// </summary>
    public TeacherTargets Targets(Tensor images, IReadOnlyList<CropKey?> keys)
    {
        int count = keys.Count;
        var missing = Enumerable.Range(0, count).Where(i => keys[i] is not { } k || !_fixed.ContainsKey(k)).ToArray();
        if (missing.Length == count && _flipAverage is null) return new TeacherTargets(Params(images), null);
        var result = new float[count * RowLength];
        for (int i = 0; i < count; i++)
            if (keys[i] is { } key && _fixed.TryGetValue(key, out var target)) target.CopyTo(result, i * RowLength);
        if (missing.Length > 0)
        {
            using var scope = NewDisposeScope();
            var inputs = missing.Length == count ? images : images.index_select(0, tensor(missing.Select(i => (long)i).ToArray()));
            var computed = Rows(inputs);
            for (int j = 0; j < missing.Length; j++)
                computed.AsSpan(j * RowLength, RowLength).CopyTo(result.AsSpan(missing[j] * RowLength));
        }
        var all = tensor(result).view(count, RowLength);
        return _flipAverage is null
            ? new TeacherTargets(all, null)
            : new TeacherTargets(all[.., ..ParamCount].contiguous(), all[.., ParamCount..].reshape(count, 3, 68));
    }

    /// <summary>Each row's parameters, then (flip averaging) its averaged landmarks x, y, z rows of 68.</summary>
    float[] Rows(Tensor images)
    {
        using var scope = NewDisposeScope();
        var parameters = Params(images);
        if (_flipAverage is not { } bases) return parameters.contiguous().data<float>().ToArray();
        var direct = bases.Vertices(bases.Denormalize(parameters));
        var mirrored = bases.Vertices(bases.Denormalize(Params(images.flip(3)))).index_select(2, _mirrorOrder!);
        var back = stack([121 - mirrored[.., 0], mirrored[.., 1], mirrored[.., 2]], 1);
        var averaged = (direct + back) / 2;
        return cat([parameters, averaged.reshape(-1, LandmarkValues)], 1).contiguous().data<float>().ToArray();
    }

    public void Dispose()
    {
        _network.Dispose();
        _mirrorOrder?.Dispose();
    }
}
