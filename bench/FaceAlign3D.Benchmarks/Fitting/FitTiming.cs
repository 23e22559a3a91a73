using System.Diagnostics;
using FaceAlign3D.Fitting;

namespace FaceAlign3D.Benchmarks.Fitting;

/// <summary>
/// Stopwatch timing of one-image ICT fits (the <see cref="FittingBenchmarks"/> inputs), one JSON line per case with
/// the median and fastest decile, so two builds can be run back to back. `fit-timing [repeat]`; with
/// `fit-timing loop 68|468 N` it only runs N fits, for a profiler to attach to.
/// </summary>
internal static class FitTiming
{
    public static void Run(string[] args)
    {
        var inputs = new FittingBenchmarks();
        inputs.Setup();
        var cases = new (string Name, Func<FitResult> Fit)[] { ("fit_image_68", inputs.Image), ("fit_image_468", inputs.Image468) };
        if (args is ["loop", var which, var count])
        {
            var fit = which == "468" ? inputs.Image468 : (Func<FitResult>)inputs.Image;
            for (int i = 0; i < int.Parse(count); i++)
                fit();
            return;
        }
        int repeat = args.Length > 0 && int.TryParse(args[0], out int r) ? r : 60;
        foreach (var (name, fit) in cases)
        {
            for (int i = 0; i < 5; i++)
                fit();
            var times = new double[repeat];
            int iterations = 0;
            for (int i = 0; i < repeat; i++)
            {
                long start = Stopwatch.GetTimestamp();
                iterations = fit().Iterations;
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            Array.Sort(times);
            Console.WriteLine($"{{\"case\": \"{name}\", \"median_ms\": {times[repeat / 2]:F4}, \"p10_ms\": {times[repeat / 10]:F4}, \"iterations\": {iterations}}}");
        }
    }
}
