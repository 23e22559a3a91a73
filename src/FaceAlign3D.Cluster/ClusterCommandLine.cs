using System.Globalization;
using FaceAlign3D.Pipeline.Batches;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FaceAlign3D.Cluster;

/// <summary>
/// What `facealign cluster silo|submit|status` call once the tool has parsed their options (docs/cluster.md).
/// Exit codes as the tool's: 0 done, 1 some items failed, 2 a usage error.
/// </summary>
public static class ClusterCommandLine
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private const int Attempts = 60;

    /// <summary>Runs a silo with its workers until cancelled.</summary>
    public static int Silo(string clusterId, string membership, string? postgres, int basePort, int instance, int workers,
        TextWriter output, TextWriter error, CancellationToken cancel)
    {
        var settings = new SiloSettings(clusterId, membership, postgres, basePort, instance, workers);
        if (Invalid(settings, error) is int code)
            return code;
        using var host = ClusterHosts.Silo(settings, error);
        host.StartAsync(cancel).GetAwaiter().GetResult();
        output.WriteLine($"silo {instance} of cluster {clusterId} ({membership}) listening on {settings.SiloPort}, gateway {settings.GatewayPort}, {workers} worker(s)");
        output.Flush();
        try
        {
            Task.Delay(Timeout.Infinite, cancel).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }
        host.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        return 0;
    }

    /// <summary>
    /// Submits the items of a manifest (one path a line, relative to the manifest; # comments) as a job writing to
    /// <paramref name="outputFolder"/>: images to align, or with <paramref name="track"/> clips to track; <paramref name="fit"/> (ict) adds the face-model fit.
    /// </summary>
    public static int Submit(string manifest, string outputFolder, string format, string aligner, string? detector, string? roi, bool track, string? fit, bool noVideo,
        int leaseSeconds, bool wait, string clusterId, string membership, string? postgres, int basePort, TextWriter output, TextWriter error, CancellationToken cancel)
    {
        var settings = new SiloSettings(clusterId, membership, postgres, basePort, 0, 1);
        AlignJob job;
        try
        {
            settings.Validate();
            if (leaseSeconds < 1)
                throw new ArgumentException("--lease must be at least 1 second");
            if (fit is not null && !fit.Equals("ict", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"--fit {fit}: unknown model (available: ict)");
            if (noVideo && !track)
                throw new ArgumentException("--no-video applies to --track jobs");
            job = new AlignJob(Path.GetFullPath(outputFolder), BatchManifest.Read(manifest), format, aligner, detector, roi, leaseSeconds)
            {
                Track = track,
                Fit = fit is not null,
                NoVideo = noVideo,
            };
            if (job.Inputs.Length == 0)
                throw new ArgumentException($"{manifest}: no {Items(job)}");
            BatchFolder.CheckDistinctStems(job.Inputs);
            JobSettings.Parse(job);
            Directory.CreateDirectory(job.Output);
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            return Report(error, e.Message);
        }
        return WithJob(settings, job.Output, output, error, cancel, async grain =>
        {
            await Retry(() => grain.Start(job), cancel);
            output.WriteLine($"job {job.Output}: {job.Inputs.Length} {Items(job)}");
            return wait ? await Watch(grain, output, error, cancel) : 0;
        });
    }

    /// <summary>Prints a job's progress (with <paramref name="wait"/>, until it finishes) and its failed images, one line each.</summary>
    public static int Status(string jobFolder, bool wait, string clusterId, string membership, string? postgres, int basePort,
        TextWriter output, TextWriter error, CancellationToken cancel)
    {
        var settings = new SiloSettings(clusterId, membership, postgres, basePort, 0, 1);
        if (Invalid(settings, error) is int code)
            return code;
        string key = Path.GetFullPath(jobFolder);
        return WithJob(settings, key, output, error, cancel, async grain =>
        {
            var progress = await Retry(grain.Progress, cancel);
            if (progress.Total == 0)
                return Report(error, $"{key}: no job was submitted with this output folder");
            if (wait)
                return await Watch(grain, output, error, cancel);
            output.WriteLine(ProgressBar.Line(progress));
            return Failures(progress, error);
        });
    }

    private static int WithJob(SiloSettings settings, string key, TextWriter output, TextWriter error, CancellationToken cancel, Func<IAlignJobGrain, Task<int>> body)
    {
        using var client = ClusterHosts.Client(settings);
        try
        {
            client.StartAsync(cancel).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Report(error, $"cannot reach cluster {settings.ClusterId} ({settings.Membership}): {e.Message}");
        }
        try
        {
            var grains = client.Services.GetRequiredService<IGrainFactory>();
            return body(grains.GetGrain<IAlignJobGrain>(key)).GetAwaiter().GetResult();
        }
        catch (ArgumentException e)
        {
            return Report(error, e.Message);
        }
        finally
        {
            client.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    private static async Task<int> Watch(IAlignJobGrain grain, TextWriter output, TextWriter error, CancellationToken cancel)
    {
        string last = "";
        while (true)
        {
            var progress = await Retry(grain.Progress, cancel);
            string line = ProgressBar.Line(progress);
            if (line != last)
                output.WriteLine(line);
            output.Flush();
            last = line;
            if (progress.Finished)
                return Failures(progress, error);
            await Task.Delay(Poll, cancel);
        }
    }

    /// <summary>
    /// Calls the job again while the silo holding it or the client's gateway is down: the grain comes back on
    /// another silo once the dead one is declared dead. Gives up after <see cref="Attempts"/> failures in a row.
    /// </summary>
    private static async Task<T> Retry<T>(Func<Task<T>> call, CancellationToken cancel)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (e is not (ArgumentException or OperationCanceledException) && attempt < Attempts)
            {
                await Task.Delay(Poll, cancel);
            }
        }
    }

    private static string Items(AlignJob job) => job.Track ? "clips" : "images";

    private static int Failures(JobProgress progress, TextWriter error)
    {
        foreach (var failure in progress.Failures)
            error.WriteLine(failure);
        return progress.Failed > 0 ? 1 : 0;
    }

    private static int? Invalid(SiloSettings settings, TextWriter error)
    {
        try
        {
            settings.Validate();
            return null;
        }
        catch (ArgumentException e)
        {
            return Report(error, e.Message);
        }
    }

    private static int Report(TextWriter error, string message)
    {
        error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"error: {message}"));
        return 2;
    }
}
