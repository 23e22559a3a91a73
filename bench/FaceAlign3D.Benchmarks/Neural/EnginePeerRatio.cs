using System.Diagnostics;

namespace FaceAlign3D.Benchmarks.Neural;

/// <summary>
/// A quick ratio against ONNX Runtime that holds up on a loaded machine: rounds of single runs alternate
/// between the two engines back to back, and the median of the per-round ratios is reported with both
/// medians, both fastest deciles (what preemption disturbs least) and the load average, on the wall clock and on
/// the thread's CPU time (both engines run on the calling thread). Run: dotnet run -c Release -- engine-ratio [rounds] [model ...]
/// </summary>
internal static class EnginePeerRatio
{
    public static void Run(string[] args)
    {
        int rounds = args.Length > 0 && int.TryParse(args[0], out int r) ? r : 200;
        var models = args.Skip(1).Where(a => !int.TryParse(a, out _)).ToArray();
        foreach (var name in models.Length > 0 ? models : PeerModelCase.Names)
        {
            using var model = new PeerModelCase(name);
            for (int i = 0; i < 5; i++) { model.RunOurs(); model.RunPeer(); }
            var ours = new double[rounds];
            var peer = new double[rounds];
            var ratio = new double[rounds];
            var oursCpu = new double[rounds];
            var peerCpu = new double[rounds];
            var ratioCpu = new double[rounds];
            for (int i = 0; i < rounds; i++)
            {
                // Alternate which engine goes first so neither always runs on a warmer cache.
                if (i % 2 == 0) { (ours[i], oursCpu[i]) = Time(model.RunOurs); (peer[i], peerCpu[i]) = Time(model.RunPeer); }
                else { (peer[i], peerCpu[i]) = Time(model.RunPeer); (ours[i], oursCpu[i]) = Time(model.RunOurs); }
                ratio[i] = ours[i] / peer[i];
                ratioCpu[i] = oursCpu[i] / peerCpu[i];
            }
            Console.WriteLine($"{name}: median ours {Median(ours):F3} ms, onnxruntime {Median(peer):F3} ms; fastest decile ours {Decile(ours):F3} ms, " +
                $"onnxruntime {Decile(peer):F3} ms; ratio (median of {rounds} rounds) {Median(ratio):F3}; load {LoadAverage()}");
            Console.WriteLine($"{name}: thread CPU time: median ours {Median(oursCpu):F3} ms, onnxruntime {Median(peerCpu):F3} ms; fastest decile ours " +
                $"{Decile(oursCpu):F3} ms, onnxruntime {Decile(peerCpu):F3} ms; ratio (median of {rounds} rounds) {Median(ratioCpu):F3}");
        }
    }

    private static (double Wall, double Cpu) Time(Action action)
    {
        double cpu = ThreadCpuTime.Milliseconds();
        long start = Stopwatch.GetTimestamp();
        action();
        return (Stopwatch.GetElapsedTime(start).TotalMilliseconds, ThreadCpuTime.Milliseconds() - cpu);
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;
    }

    private static double Decile(double[] values) => values.Order().ElementAt(values.Length / 10);

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
