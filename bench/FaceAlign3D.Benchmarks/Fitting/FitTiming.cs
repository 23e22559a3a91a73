using System.Diagnostics;
using FaceAlign3D.Fitting;

namespace FaceAlign3D.Benchmarks.Fitting;

/// <summary>
/// Timing of one-image ICT fits (the <see cref="FittingBenchmarks"/> inputs), one JSON line per case with the
/// median and fastest decile of the wall time and of the thread's CPU time, so two builds can be run back to back. `fit-timing [repeat]`; with
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
            var wall = new double[repeat];
            var cpu = new double[repeat];
            int iterations = 0;
            for (int i = 0; i < repeat; i++)
            {
                long start = Stopwatch.GetTimestamp();
                double cpuStart = ThreadCpuTime.Milliseconds();
                iterations = fit().Iterations;
                cpu[i] = ThreadCpuTime.Milliseconds() - cpuStart;
                wall[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            Array.Sort(wall);
            Array.Sort(cpu);
            Console.WriteLine($"{{\"case\": \"{name}\", \"median_ms\": {wall[repeat / 2]:F4}, \"p10_ms\": {wall[repeat / 10]:F4}, " +
                $"\"cpu_median_ms\": {cpu[repeat / 2]:F4}, \"cpu_p10_ms\": {cpu[repeat / 10]:F4}, \"iterations\": {iterations}}}");
        }
    }
}
