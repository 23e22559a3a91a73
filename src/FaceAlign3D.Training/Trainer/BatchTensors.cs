using FaceAlign3D.Training.Data;
using static TorchSharp.torch;

namespace FaceAlign3D.Training.Trainer;

/// <summary>Landmark labels of the batch items that share one layout: their rows, points (n x P x 2) and visibility (n x P).</summary>
public sealed record LandmarkGroup(LandmarkLayout Layout, Tensor Rows, Tensor Points, Tensor Visibility);

/// <summary>
/// A batch as tensors: images N x 3 x 120 x 120, landmark groups by layout, and the rows that carry
/// 62-parameter targets with those targets. Created inside the step's dispose scope.
/// </summary>
public sealed record BatchTensors(Tensor Images, IReadOnlyList<LandmarkGroup> Landmarks, Tensor? ParamRows, Tensor? Params)
{
    public static BatchTensors From(IReadOnlyList<TrainingExample> examples)
    {
        const int pixels = 3 * TrainingCrop.Size * TrainingCrop.Size;
        var images = new float[examples.Count * pixels];
        for (int i = 0; i < examples.Count; i++) examples[i].Image.CopyTo(images, i * pixels);
        var groups = examples.Select((e, i) => (e, i)).GroupBy(x => x.e.Layout).Select(g =>
        {
            var items = g.ToArray();
            int count = g.Key.Count;
            return new LandmarkGroup(g.Key,
                tensor(items.Select(x => (long)x.i).ToArray()),
                tensor(items.SelectMany(x => x.e.Landmarks).ToArray()).view(items.Length, count, 2),
                tensor(items.SelectMany(x => x.e.Visibility).ToArray()).view(items.Length, count));
        }).ToArray();
        var withParams = examples.Select((e, i) => (e, i)).Where(x => x.e.Params is not null).ToArray();
        return new BatchTensors(
            tensor(images).view(examples.Count, 3, TrainingCrop.Size, TrainingCrop.Size),
            groups,
            withParams.Length == 0 ? null : tensor(withParams.Select(x => (long)x.i).ToArray()),
            withParams.Length == 0 ? null : tensor(withParams.SelectMany(x => x.e.Params!).ToArray()).view(withParams.Length, 62));
    }
}
