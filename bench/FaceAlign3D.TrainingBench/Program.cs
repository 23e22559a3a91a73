// Images/s of one SGD training step of MobileNetV1 x0.5 on TorchSharp: the same network, batch, threads,
// loss and optimizer as bench/peers/torch_train_step.py; bench/train_step.sh runs both back to back.
using System.Diagnostics;
using FaceAlign3D.Training.Networks;
using FaceAlign3D.Training.Runtime;
using TorchSharp;
using static TorchSharp.torch;

if (args.Length != 3 || !int.TryParse(args[0], out int batch) || !int.TryParse(args[1], out int threads) || !int.TryParse(args[2], out int steps))
{
    Console.Error.WriteLine("usage: FaceAlign3D.TrainingBench <batch> <threads> <steps>");
    return 2;
}
TorchRuntime.EnsureLoaded(threads);
manual_seed(1);
using var network = new MobileNetV1(0.5, new RegressorHeads());
network.train();
var optimizer = optim.SGD(network.parameters(), 1e-3, momentum: 0.9);
using var images = randn(batch, 3, 120, 120);
using var targets = randn(batch, 62);

void Step()
{
    using var scope = NewDisposeScope();
    var loss = (network.call(images).Params - targets).square().mean();
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
}

for (int i = 0; i < 5; i++) Step();
var clock = Stopwatch.StartNew();
for (int i = 0; i < steps; i++) Step();
double seconds = clock.Elapsed.TotalSeconds;
Console.WriteLine($"torchsharp {typeof(torch).Assembly.GetName().Version} batch {batch} threads {threads} (malloc tuned: {TorchRuntime.MallocTuned}): {batch * steps / seconds:F1} images/s");
return 0;
