using System.Diagnostics;
using System.Text.Json;
using FaceAlign3D.Pipeline.Batches;

namespace FaceAlign3D.Tests.Cli;

/// <summary>`facealign` batches run as separate processes and killed (SIGKILL) once their ledger holds a given number of entries.</summary>
internal static class KilledCli
{
    public static ExternalProcess.Result Run(IEnumerable<string> arguments)
    {
        var info = StartInfo(arguments);
        return ExternalProcess.Run(info.FileName, info.ArgumentList, Environment());
    }

    /// <summary>
    /// Runs the batch of <paramref name="items"/> items twice from <paramref name="seed"/>'s random numbers, killing it
    /// once a random number of items of the first half, then of the second half, are finished and up to
    /// <paramref name="maxExtraMilliseconds"/> more have passed; the second run resumes. Returns how many runs were killed.
    /// </summary>
    /// <param name="arguments">The command line, without or with --resume.</param>
    public static int KillTwice(int seed, int items, Func<bool, string[]> arguments, string output, int maxExtraMilliseconds)
    {
        var random = new Random(seed);
        int kills = 0;
        bool resume = false;
        foreach (int target in new[] { random.Next(0, items / 2), random.Next(items / 2, items) })
        {
            kills += KillAfter(arguments(resume), output, target, random.Next(0, maxExtraMilliseconds)) ? 1 : 0;
            resume = true;
        }
        return kills;
    }

    /// <summary>Starts the batch and kills it (with its ffmpeg children) once the ledger of <paramref name="output"/> has <paramref name="finished"/> entries and <paramref name="extraMilliseconds"/> more have passed; false if it ended first.</summary>
    public static bool KillAfter(IEnumerable<string> arguments, string output, int finished, int extraMilliseconds)
    {
        using var process = Process.Start(StartInfo(arguments))!;
        var deadline = Stopwatch.StartNew();
        while (!process.HasExited && LedgerLines(output) <= finished && deadline.Elapsed < TimeSpan.FromMinutes(5))
            Thread.Sleep(5);
        Thread.Sleep(extraMilliseconds);
        if (process.HasExited)
            return false;
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        return true;
    }

    /// <summary>The stems the ledger entered, in order (the settings line skipped).</summary>
    public static List<string> LedgerStems(string output) =>
        File.ReadAllLines(BatchFolder.LedgerPath(output)).Skip(1).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("Stem").GetString()!).ToList();

    private static int LedgerLines(string output)
    {
        try
        {
            using var stream = new FileStream(BatchFolder.LedgerPath(output), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return new StreamReader(stream).ReadToEnd().Count(c => c == '\n');
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "facealign.dll"));
        foreach (var a in arguments)
            info.ArgumentList.Add(a);
        foreach (var (name, value) in Environment())
            info.Environment[name] = value;
        return info;
    }

    private static Dictionary<string, string> Environment() => new() { ["FACEALIGN3D_MODELS"] = SharedData.PathOf("models") };
}
