using FaceAlign3D.Tests;
using FaceAlign3D.Training.Data;
using FaceAlign3D.Training.Losses;
using FaceAlign3D.Training.Networks;
using FaceAlign3D.Training.Networks.Weights;
using FaceAlign3D.Training.Runtime;
using FaceAlign3D.Training.Tests.Losses;
using FaceAlign3D.Training.Tests.Networks;
using static TorchSharp.torch;

namespace FaceAlign3D.Training.Tests.Data;

public class Aflw2000ReaderTests
{
    public Aflw2000ReaderTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Pretrained_mb05_reprojects_onto_the_crop_labels_within_a_few_pixels()
    {
        var scan = Aflw2000Reader.Read(SharedData.PathOf("data", "aflw2000-3d"));
        Assert.Equal(1000, scan.Faces.Count + scan.Skipped.Count);
        var examples = scan.Faces.Take(8).Select(f => TrainingCrop.Render(f, Augmentation.None, new Random(1))).ToArray();
        using var network = SafetensorsWeights.LoadMobileNetV1(Mb05Reference.Safetensors, new RegressorHeads());
        network.eval();
        using var bases = new MorphableBases(LossReference.Model);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var images = tensor(examples.SelectMany(e => e.Image).ToArray()).view(8, 3, 120, 120);
        var projected = CropGeometry.ToCropPixels(bases.Vertices(bases.Denormalize(network.call(images).Params)));
        var labels = tensor(examples.SelectMany(e => e.Landmarks).ToArray()).view(8, 68, 2);
        double meanDistance = (projected - labels).square().sum(2).sqrt().mean().item<float>();
        Assert.InRange(meanDistance, 0, 4);
    }
}
