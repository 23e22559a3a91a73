namespace FaceAlign3D.Benchmarks.Neural;

/// <summary>
/// Per-kernel times of our engine on one of the peer model cases, timed with the thread's CPU time and reported at
/// the fastest decile, so a loaded machine's preemption does not hide which kernel costs what. Run:
/// dotnet run -c Release -- engine-profile [runs] [model ...]
/// </summary>
internal static class EngineProfile
{
    public static void Run(string[] args)
    {
        int runs = args.Length > 0 && int.TryParse(args[0], out int r) ? r : 50;
        var models = args.Skip(1).Where(a => !int.TryParse(a, out _)).ToArray();
        foreach (var name in models.Length > 0 ? models : PeerModelCase.Names)
        {
            using var model = new PeerModelCase(name);
            var kernels = model.Ours.Profile(model.Inputs, runs, 0.1, ThreadCpuTime.Milliseconds);
            Console.WriteLine($"{name}: {runs} runs, thread CPU time p10 per kernel; load {EnginePeerRatio.LoadAverage()}");
            foreach (var k in kernels)
                Console.WriteLine($"  {k.Milliseconds,9:F4} ms {k.GigaflopsPerSecond,7:F1} GFLOP/s  {k.Kind,-14} {k.Label}");
            foreach (var kind in kernels.GroupBy(k => k.Kind).OrderByDescending(g => g.Sum(k => k.Milliseconds)))
            {
                double ms = kind.Sum(k => k.Milliseconds);
                long macs = kind.Sum(k => k.MultiplyAccumulates);
                Console.WriteLine($"  total {kind.Key,-14} {kind.Count(),3} kernels {ms,9:F4} ms {(ms > 0 ? 2.0 * macs / (ms * 1e6) : 0),7:F1} GFLOP/s");
            }
            var medians = model.Ours.Profile(model.Inputs, runs, 0.5, ThreadCpuTime.Milliseconds);
            var whole = new double[runs];
            for (int i = 0; i < runs; i++)
            {
                double start = ThreadCpuTime.Milliseconds();
                model.RunOurs();
                whole[i] = ThreadCpuTime.Milliseconds() - start;
            }
            Array.Sort(whole);
            // What the whole run costs beyond its kernels is per-run overhead (dispatch, input and output copies).
            Console.WriteLine($"  sum of kernels {kernels.Sum(k => k.Milliseconds):F3} ms (p10), {medians.Sum(k => k.Milliseconds):F3} ms (medians); " +
                $"whole runs p10 {whole[runs / 10]:F3} ms, median {whole[runs / 2]:F3} ms");
        }
    }
}
