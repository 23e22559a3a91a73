using FaceAlign3D.Models;
using FaceAlign3D.Pipeline;
using FaceAlign3D.Pipeline.Batches;
using Microsoft.Extensions.Hosting;

namespace FaceAlign3D.Cluster;

/// <summary>
/// A silo's workers: they ask the registry for jobs, lease items from the job grains, align or track them on this
/// machine (<see cref="JobWork.Run"/>: the batches' AlignItem and TrackItem, atomic files with deterministic names)
/// and enter the results. Work is pulled, not pushed, so that every silo takes its share and a dead silo only holds
/// leases that expire.
/// </summary>
internal sealed class AlignWorker(IGrainFactory grains, SiloSettings settings, TextWriter log) : BackgroundService
{
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(500);

    private readonly string _name = $"{Environment.MachineName}-{Environment.ProcessId}";
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FaceToolkit> _toolkits = new(StringComparer.Ordinal);

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
            foreach (var toolkit in _toolkits.Values)
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
        var work = JobSettings.Parse(description, settings.Workers);
        var toolkit = ToolkitFor(description.Settings, work);
        await Parallel.ForEachAsync(leases, new ParallelOptions { MaxDegreeOfParallelism = settings.Workers, CancellationToken = stopping }, async (lease, _) =>
        {
            var entry = await Task.Run(() => work.Run(toolkit, lease.Input, _name), stopping);
            await job.Complete(lease.Item, entry.Faces, entry.Error);
        });
        return true;
    }

    /// <summary>One toolkit per job settings, shared by the jobs that have them.</summary>
    private FaceToolkit ToolkitFor(string jobSettings, JobWork work)
    {
        if (!_toolkits.TryGetValue(jobSettings, out var toolkit))
        {
            toolkit = FaceToolkit.Open(ModelStore.CreateDefault(), work.Options, analyzers: work.Analyzers, loadFaceModel: work.LoadFaceModel);
            _toolkits[jobSettings] = toolkit;
        }
        return toolkit;
    }
}
