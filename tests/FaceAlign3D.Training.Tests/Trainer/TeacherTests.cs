using FaceAlign3D.Tests;
using FaceAlign3D.Training.Data;
using FaceAlign3D.Training.Losses;
using FaceAlign3D.Training.Runtime;
using FaceAlign3D.Training.Tests.Losses;
using FaceAlign3D.Training.Tests.Networks;
using FaceAlign3D.Training.Trainer;
using static TorchSharp.torch;

namespace FaceAlign3D.Training.Tests.Trainer;

public class TeacherTests
{
    public TeacherTests() => TorchRuntime.EnsureLoaded();

    /// <summary>
    /// mb05 on 16 dev crops and on their mirror images: mirrored back, its landmarks land on the direct ones with
    /// no sideways bias (a wrong mirror axis would shift every point by the axis error), and the average moves
    /// them (mb05 is not exactly symmetric). The precomputed targets equal those computed in the batch.
    /// </summary>
    [Fact]
    public void Flip_averaged_landmarks_are_unbiased_and_the_same_precomputed_or_in_the_batch()
    {
        var faces = Aflw2000Reader.Read(SharedData.PathOf("data", "aflw2000-3d")).Faces.Take(16).ToArray();
        var keys = faces.Select(f => new CropKey(f, false)).ToArray();
        using var bases = new MorphableBases(LossReference.Model);
        using var teacher = new Teacher(Mb05Reference.Safetensors, AppContext.BaseDirectory, bases);
        using var scope = NewDisposeScope();
        var images = tensor(keys.SelectMany(k => TrainingCrop.Pixels(k)).ToArray()).view(16, 3, 120, 120);

        var inBatch = teacher.Targets(images, new CropKey?[16]);
        var direct = bases.Vertices(bases.Denormalize(inBatch.Params));
        var shift = inBatch.Landmarks! - direct;
        double sideways = shift[.., 0].mean().item<float>();
        double moved = shift.abs().mean().item<float>();
        Assert.InRange(sideways, -0.25, 0.25);
        Assert.InRange(moved, 0.05, 3);

        teacher.Precompute(keys, 16, k => k.Select(key => (float[]?)TrainingCrop.Pixels(key)).ToArray());
        var precomputed = teacher.Targets(images, keys.Select(k => (CropKey?)k).ToArray());
        Assert.Equal(inBatch.Landmarks!.data<float>().ToArray(), precomputed.Landmarks!.data<float>().ToArray());
        Assert.Equal(inBatch.Params.data<float>().ToArray(), precomputed.Params.data<float>().ToArray());
    }
}
