// The lowest 3DDFA-protocol NME the 62 parameters can reach on the first N AFLW2000-3D dev crops: each
// crop's parameters are optimised directly (no network) against its 68 landmark labels, starting from mb05's
// prediction, and scored by the same evaluation code as `facealign train` validation. Run twice: on the
// reprojection loss's mean squared distance and on the mean distance the NME averages.
// Usage: FaceAlign3D.ParameterFloor <aflw2000-3d folder> <mb05 safetensors> <bfm safetensors> [count] [steps]
using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;
using FaceAlign3D.Evaluation;
using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Evaluation.Live;
using FaceAlign3D.Morphable;
using FaceAlign3D.Training.Data;
using FaceAlign3D.Training.Losses;
using FaceAlign3D.Training.Networks;
using FaceAlign3D.Training.Networks.Weights;
using FaceAlign3D.Training.Runtime;
using TorchSharp;
using static TorchSharp.torch;

if (args.Length is < 3 or > 5)
{
    Console.Error.WriteLine("usage: FaceAlign3D.ParameterFloor <aflw2000-3d folder> <mb05 safetensors> <bfm safetensors> [count 64] [steps 20000]");
    return 2;
}
int count = args.Length > 3 ? int.Parse(args[3]) : 64;
int steps = args.Length > 4 ? int.Parse(args[4]) : 20000;
TorchRuntime.EnsureLoaded(1);
var bfm = Bfm3ddfa.Load(args[2]);
var dataset = Aflw2000Dataset.Load(args[0]).Take(count);
var faces = Aflw2000Reader.Read(args[0]).Faces.Take(count).ToArray();
if (faces.Length != dataset.Samples.Count || faces.Zip(dataset.Samples).Any(p => p.First.Id != p.Second.Image))
{
    Console.Error.WriteLine("parameter floor: the first crops of the reader and of the evaluator differ (skipped samples?)");
    return 1;
}

using var bases = new MorphableBases(bfm, ScalarType.Float64);
var examples = faces.Select(f => TrainingCrop.Render(f, Augmentation.None, new Random(1))).ToArray();
using var labels = tensor(examples.SelectMany(e => e.Landmarks).ToArray()).view(-1, 68, 2).to_type(ScalarType.Float64);
using var start = Mb05Parameters(args[1], examples);

Score("mb05", start);
foreach (var (name, objective) in new (string, Func<Tensor, Tensor>)[]
{
    ("mean squared distance (the reprojection loss)", d => d.square().sum(2).mean([1])),
    ("mean distance (the NME's numerator)", d => (d.square().sum(2) + 1e-12).sqrt().mean([1])),
})
{
    using var fitted = Fit(start, objective);
    Score($"62 parameters fitted on the {name}", fitted);
}
return 0;

Tensor Mb05Parameters(string weights, TrainingExample[] crops)
{
    using var network = SafetensorsWeights.LoadMobileNetV1(weights, new RegressorHeads());
    network.eval();
    using var _ = no_grad();
    using var images = tensor(crops.SelectMany(e => e.Image).ToArray()).view(-1, 3, 120, 120);
    return network.call(images).Params.to_type(ScalarType.Float64).detach();
}

// Adam with a cosine decay; every crop's objective depends on its own parameters only, so the sum is
// minimised crop by crop.
Tensor Fit(Tensor initial, Func<Tensor, Tensor> objective)
{
    var parameters = new TorchSharp.Modules.Parameter(initial.clone());
    var optimizer = optim.Adam([parameters], 1e-2);
    for (int step = 0; step <= steps; step++)
    {
        using var scope = NewDisposeScope();
        var projected = CropGeometry.ToCropPixels(bases.Vertices(bases.Denormalize(parameters)));
        var loss = objective(projected - labels).sum();
        if (step % (steps / 4) == 0) Console.WriteLine($"  step {step}: objective summed over crops {loss.item<double>():G6}");
        if (step == steps) break;
        foreach (var group in optimizer.ParamGroups)
            group.LearningRate = 1e-2 * 0.5 * (1 + Math.Cos(Math.PI * step / steps));
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
    }
    return parameters.detach();
}

// Through the evaluator's own reconstruction (TddfaReconstruction, roi box) and Aflw2000Evaluator.
void Score(string name, Tensor normalised)
{
    var reconstruction = new TddfaReconstruction(bfm);
    var values = normalised.to_type(ScalarType.Float32).data<float>().ToArray();
    var predictions = dataset.Samples.Select((sample, i) =>
    {
        var parameters = reconstruction.Denormalize(values.AsSpan(62 * i, 62));
        var box = sample.RoiBox!;
        var landmarks = reconstruction.SparseLandmarks(parameters, new BoundingBox(box[0], box[1], box[2], box[3]));
        return new ImagePrediction(sample.Image, 0, 0, [LiveImages.ToFacePrediction(landmarks, TddfaReconstruction.Pose(parameters), null, null)]);
    });
    var report = new Aflw2000Evaluator(dataset).Evaluate(PredictionSet.FromPredictions(predictions));
    var nme = report.Items.Select(i => i.Nme).Order().ToArray();
    Console.WriteLine($"{name}: NME mean of buckets {100 * report.NmeMeanOfBuckets:F3} %, all {100 * report.NmeMeanAll:F3} %, "
        + $"buckets {string.Join(" / ", report.BucketNme.Select(v => $"{100 * v:F3}"))} % ({string.Join("/", report.BucketCounts)} crops), "
        + $"median {100 * nme[nme.Length / 2]:F3} %, max {100 * nme[^1]:F3} %, crops below 1 %: {nme.Count(v => v < 0.01)} of {nme.Length}");
}
