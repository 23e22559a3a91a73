using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using FaceAlign3D.Formats;
using FaceAlign3D.Neural;

namespace FaceAlign3D.Cli.Commands;

/// <summary>`facealign bench model`: times InferenceSession.Run on a random input and prints latency percentiles.</summary>
public static class BenchModelCommand
{
    public static Command Create(CliServices services)
    {
        var file = new Argument<FileInfo>("file") { Description = "ONNX (.onnx) or TFLite (.tflite) model file" };
        var shape = new Option<string?>("--shape") { Description = "input shape, e.g. 1,3,120,120 (required for dynamic inputs)" };
        var threads = new Option<int>("--threads") { Description = "threads per run", DefaultValueFactory = _ => 1 };
        var iterations = new Option<int>("--iterations") { Description = "timed runs", DefaultValueFactory = _ => 100 };
        var json = new Option<bool>("--json") { Description = "print JSON" };
        var profile = new Option<bool>("--profile") { Description = "also print the median time of every kernel" };
        var command = new Command("model", "Time one model with the pure .NET engine") { file, shape, threads, iterations, json, profile };
        command.SetAction(parse => Run(services, parse.GetValue(file)!, parse.GetValue(shape), parse.GetValue(threads), parse.GetValue(iterations), parse.GetValue(json), parse.GetValue(profile)));
        return command;
    }

    private static int Run(CliServices services, FileInfo file, string? shapeText, int threads, int iterations, bool json, bool profile)
    {
        try
        {
            if (iterations < 1) throw new ArgumentException("--iterations must be at least 1");
            var inputShapes = new Dictionary<string, int[]>();
            var graph = FaceAlign3D.Pipeline.ManagedNetworkEngine.ReadGraph(file.FullName);
            if (shapeText is not null)
            {
                var dims = shapeText.Split(',').Select(s => int.TryParse(s.Trim(), out int d) && d > 0 ? d : throw new ArgumentException($"--shape: '{s}' is not a positive integer")).ToArray();
                inputShapes[graph.Inputs[0].Name] = dims;
            }
            using var session = InferenceSession.Create(graph, new SessionOptions { ThreadCount = threads, InputShapes = inputShapes });
            var random = new Random(1);
            var inputs = session.Inputs.Select(i => (ReadOnlyMemory<float>)Enumerable.Range(0, i.Length).Select(_ => random.NextSingle() * 2 - 1).ToArray()).ToArray();
            var outputs = session.Outputs.Select(o => (Memory<float>)new float[o.Length]).ToArray();
            for (int i = 0; i < Math.Max(3, iterations / 10); i++)
                session.Run(inputs, outputs);
            var times = new double[iterations];
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < iterations; i++)
            {
                long start = Stopwatch.GetTimestamp();
                session.Run(inputs, outputs);
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            var stats = LatencyStats.From(times);
            double median = stats.Median, p10 = stats.P10, p90 = stats.P90;
            double gflops = 2.0 * session.MultiplyAccumulates / (median * 1e6);
            if (json)
                services.Out.WriteLine(new JsonObject
                {
                    ["model"] = file.Name,
                    ["input_shapes"] = new JsonObject(session.Inputs.Select(i => KeyValuePair.Create(i.Name, (JsonNode?)new JsonArray([.. i.Shape.Select(d => (JsonNode?)d)])))),
                    ["threads"] = threads,
                    ["iterations"] = iterations,
                    ["median_ms"] = Math.Round(median, 4),
                    ["p10_ms"] = Math.Round(p10, 4),
                    ["p90_ms"] = Math.Round(p90, 4),
                    ["gmacs"] = Math.Round(session.MultiplyAccumulates / 1e9, 4),
                    ["gflops_per_s"] = Math.Round(gflops, 2),
                    ["allocated_bytes_per_run"] = allocated / iterations,
                }.ToJsonString());
            else
                services.Out.WriteLine($"{file.Name} {string.Join(" ", session.Inputs)} threads={threads} n={iterations}: median {median:F3} ms, p10 {p10:F3} ms, p90 {p90:F3} ms, " +
                    $"{session.MultiplyAccumulates / 1e9:F3} GMAC, {gflops:F1} GFLOP/s, {allocated / iterations} B allocated per run");
            if (profile)
                foreach (var k in session.Profile(inputs, Math.Min(iterations, 50)))
                    services.Out.WriteLine($"  {k.Milliseconds,9:F4} ms {k.GigaflopsPerSecond,7:F1} GFLOP/s  {k.Label}");
            return 0;
        }
        catch (Exception e) when (e is ModelFormatException or ArgumentException)
        {
            services.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }
}
