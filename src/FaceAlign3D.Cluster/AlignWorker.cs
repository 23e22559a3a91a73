using FaceAlign3D.Models;
using FaceAlign3D.Pipeline;
using FaceAlign3D.Pipeline.Batches;
using Microsoft.Extensions.Hosting;

namespace FaceAlign3D.Cluster;

/// <summary>
/// A silo's workers: they ask the registry for jobs, lease images from the job grains, align them on this machine
/// (<see cref="AlignItem.Run"/>, atomic files with deterministic names) and enter the results. Work is pulled, not
/// pushed, so that every silo takes its share and a dead silo only holds leases that expire.
/// </summary>
internal sealed class AlignWorker(IGrainFactory grains, SiloSettings settings, TextWriter log) : BackgroundService
{
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(500);

    private readonly string _name = $"{Environment.MachineName}-{Environment.ProcessId}";
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (FaceToolkit Toolkit, AlignItemSettings Item)> _toolkits = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        await Task.Yield();
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                bool worked = false;
                try
                {
                    _known.UnionWith(await grains.GetGrain<IJobRegistryGrain>(0).Active());
                    foreach (var key in _known.ToList())
                        worked |= await WorkOn(key, stopping);
                }
                catch (Exception e) when (!stopping.IsCancellationRequested)
                {
                    // A silo that just died holds grains for a while; the leases expire and the work is taken up again.
                    log.WriteLine($"worker {_name}: {e.GetType().Name}: {e.Message}");
                }
                if (!worked)
                    await Task.Delay(Idle, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var (toolkit, _) in _toolkits.Values)
                toolkit.Dispose();
        }
    }

    private async Task<bool> WorkOn(string key, CancellationToken stopping)
    {
        var job = grains.GetGrain<IAlignJobGrain>(key);
        var leases = await job.Lease(_name, settings.Workers);
        if (leases.Length == 0)
        {
            if ((await job.Progress()).Finished)
                _known.Remove(key);
            return false;
        }
        var description = await job.Describe() ?? throw new InvalidOperationException($"job {key} leased work but has no description");
        var (toolkit, item) = ToolkitFor(description);
        await Parallel.ForEachAsync(leases, new ParallelOptions { MaxDegreeOfParallelism = settings.Workers, CancellationToken = stopping }, async (lease, _) =>
        {
            var entry = await Task.Run(() => AlignItem.Run(toolkit, lease.Input, description.Output, item, _name), stopping);
            await job.Complete(lease.Item, entry.Faces, entry.Error);
        });
        return true;
    }

    private (FaceToolkit, AlignItemSettings) ToolkitFor(AlignJob job)
    {
        if (!_toolkits.TryGetValue(job.Settings, out var open))
        {
            var (options, item) = JobSettings.Parse(job);
            open = (FaceToolkit.Open(ModelStore.CreateDefault(), options, analyzers: settings.Workers), item);
            _toolkits[job.Settings] = open;
        }
        return open;
    }
}
