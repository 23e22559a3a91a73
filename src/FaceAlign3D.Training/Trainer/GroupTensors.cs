using FaceAlign3D.Training.Data;
using static TorchSharp.torch;

namespace FaceAlign3D.Training.Trainer;

/// <summary>
/// One multi-view group of a batch: its rows in the network's output (views in order), its cameras in crop pixels
/// (V x 3 x 4, double) when every view has one, and its labels (V x 68 x 2 crop pixels, visibility V x 68).
/// </summary>
public sealed record GroupTensor(Tensor Rows, Tensor? Cameras, Tensor Points, Tensor Visibility);

/// <summary>The groups of a batch as tensors, their views stacked after the batch's own images (row <c>firstRow</c> on).</summary>
public static class GroupTensors
{
    public static (Tensor? Images, IReadOnlyList<GroupTensor> Groups) From(IReadOnlyList<GroupCrops> groups, long firstRow)
    {
        if (groups.Count == 0) return (null, []);
        var views = groups.SelectMany(g => g.Views).ToArray();
        const int pixels = 3 * TrainingCrop.Size * TrainingCrop.Size;
        var images = new float[views.Length * pixels];
        for (int i = 0; i < views.Length; i++) views[i].Image.CopyTo(images, i * pixels);
        var result = new List<GroupTensor>();
        long row = firstRow;
        foreach (var g in groups)
        {
            int count = g.Views.Count;
            var cameras = g.CropCameras.All(c => c is not null) ? tensor(g.CropCameras.SelectMany(c => c!).ToArray()).view(count, 3, 4) : null;
            result.Add(new GroupTensor(arange(row, row + count, dtype: ScalarType.Int64), cameras,
                tensor(g.Views.SelectMany(v => v.Landmarks).ToArray()).view(count, -1, 2),
                tensor(g.Views.SelectMany(v => v.Visibility).ToArray()).view(count, -1)));
            row += count;
        }
        return (tensor(images).view(views.Length, 3, TrainingCrop.Size, TrainingCrop.Size), result);
    }
}
