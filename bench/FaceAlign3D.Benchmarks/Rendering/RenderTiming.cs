using System.Diagnostics;

namespace FaceAlign3D.Benchmarks.Rendering;

/// <summary>
/// Stopwatch timings of the <see cref="RenderingBenchmarks"/> cases on one thread: per case the median wall and
/// thread-CPU milliseconds of single calls, calls per second (from the CPU median) and the bytes allocated per call,
/// one JSON line each. Quicker than BenchmarkDotNet and, quoting CPU time, less disturbed by a loaded machine.
/// Run: dotnet run -c Release -- render-timing [repeat]
/// </summary>
internal static class RenderTiming
{
    public static void Run(string[] args)
    {
        int repeat = args.Length > 0 && int.TryParse(args[0], out int r) ? r : 100;
        var bench = new RenderingBenchmarks();
        bench.Setup();
        (string Name, Action Call)[] cases =
        [
            ("EvaluateShape", bench.EvaluateShape),
            ("Rasterize120", bench.Rasterize120),
            ("Shaded120", bench.Shaded120),
            ("Shaded512", bench.Shaded512),
            ("Profile512", () => bench.Profile512()),
        ];
        foreach (var (name, call) in cases)
        {
            if (args.Length > 1 && !name.Contains(args[1]))
                continue;
            for (int i = 0; i < 3; i++)
                call();
            var wall = new double[repeat];
            var cpu = new double[repeat];
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < repeat; i++)
            {
                double cpuStart = ThreadCpuTime.Milliseconds();
                long start = Stopwatch.GetTimestamp();
                call();
                wall[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                cpu[i] = ThreadCpuTime.Milliseconds() - cpuStart;
            }
            long perCall = (GC.GetAllocatedBytesForCurrentThread() - allocated) / repeat;
            Array.Sort(wall);
            Array.Sort(cpu);
            Console.WriteLine($"{{\"case\": \"{name}\", \"median_ms\": {wall[repeat / 2]:F4}, \"cpu_median_ms\": {cpu[repeat / 2]:F4}, " +
                $"\"per_second\": {1000 / cpu[repeat / 2]:F1}, \"allocated_bytes\": {perCall}}}");
        }
    }
}
