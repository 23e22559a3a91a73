using BenchmarkDotNet.Running;
using FaceAlign3D.Benchmarks.Detection;
using FaceAlign3D.Benchmarks.Fitting;
using FaceAlign3D.Benchmarks.Imaging;
using FaceAlign3D.Benchmarks.Neural;
using FaceAlign3D.Benchmarks.Rendering;
using FaceAlign3D.Benchmarks.Tracking;

switch (args.FirstOrDefault())
{
    case "engine-ratio": EnginePeerRatio.Run(args[1..]); break;
    case "engine-profile": EngineProfile.Run(args[1..]); break;
    case "fma-peak": FmaPeak.Run(); break;
    case "resize": ResizeTiming.Run(args[1..]); break;
    case "fit-timing": FitTiming.Run(args[1..]); break;
    case "track-timing": TrackTiming.Run(args[1..]); break;
    case "detect-recall": DetectionRecall.Run(args[1..]); break;
    case "render-timing": RenderTiming.Run(args[1..]); break;
    default: BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args); break;
}
