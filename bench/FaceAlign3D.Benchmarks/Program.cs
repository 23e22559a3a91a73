using BenchmarkDotNet.Running;
using FaceAlign3D.Benchmarks.Neural;

if (args.Length > 0 && args[0] == "engine-ratio")
    EnginePeerRatio.Run(args[1..]);
else
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
