using System.Text.Json;
using FaceAlign3D.Pipeline.Batches;

namespace FaceAlign3D.Cluster;

/// <summary>
/// The job grain. Its state lives in the output folder, which every silo reaches: the job (job.json) and the ledger
/// of finished items (the ledger of `facealign align` and `facealign track` batches, one entry per image or clip).
/// So when the silo holding it dies, the grain comes back on another silo with every entered result, and only the
/// leases are lost: those items are leased again. An item whose lease expires <see cref="MaxLeases"/> times is
/// entered as failed, never retried forever.
/// </summary>
public sealed class AlignJobGrain(IGrainFactory grains) : Grain, IAlignJobGrain
{
    public const int MaxLeases = 3;

    private AlignJob? _job;
    private BatchLedger? _ledger;
    private readonly Dictionary<string, BatchEntry> _finished = new(StringComparer.Ordinal);
    private readonly Dictionary<int, (DateTime Expires, int Count)> _leases = [];
    private readonly Dictionary<int, int> _leaseCounts = [];
    private int _next;

    private string Output => this.GetPrimaryKeyString();

    private static string JobPath(string output) => Path.Combine(BatchFolder.StateFolder(output), "job.json");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(JobPath(Output)))
        {
            Load(JsonSerializer.Deserialize<AlignJob>(await File.ReadAllTextAsync(JobPath(Output), cancellationToken))!);
            await grains.GetGrain<IJobRegistryGrain>(0).Add(Output);
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _ledger?.Dispose();
        return Task.CompletedTask;
    }

    public async Task<JobProgress> Start(AlignJob job)
    {
        if (_job is null)
        {
            Directory.CreateDirectory(BatchFolder.StateFolder(Output));
            AtomicFile.Write(JobPath(Output), path => File.WriteAllText(path, JsonSerializer.Serialize(job)));
            Load(job);
        }
        else if (_job.Settings != job.Settings || !_job.Inputs.SequenceEqual(job.Inputs))
            throw new ArgumentException($"{Output} holds another job ({_job.Settings}, {_job.Inputs.Length} images)");
        await grains.GetGrain<IJobRegistryGrain>(0).Add(Output);
        return Progress(DateTime.UtcNow);
    }

    public Task<AlignJob?> Describe() => Task.FromResult(_job);

    public async Task<WorkLease[]> Lease(string worker, int count)
    {
        if (_job is null)
            return [];
        var now = DateTime.UtcNow;
        Expire(now);
        var leases = new List<WorkLease>();
        for (int scanned = 0; scanned < _job.Inputs.Length && leases.Count < count; scanned++)
        {
            int item = (_next + scanned) % _job.Inputs.Length;
            if (_leases.ContainsKey(item) || _finished.ContainsKey(BatchFolder.StemOf(_job.Inputs[item])))
                continue;
            int granted = _leaseCounts.GetValueOrDefault(item) + 1;
            _leaseCounts[item] = granted;
            _leases[item] = (now.AddSeconds(_job.LeaseSeconds), granted);
            leases.Add(new WorkLease(item, _job.Inputs[item]));
            _next = item + 1;
        }
        if (Progress(now).Finished)
            await grains.GetGrain<IJobRegistryGrain>(0).Remove(Output);
        return [.. leases];
    }

    public Task Complete(int item, int faces, string? error)
    {
        if (_job is null || item < 0 || item >= _job.Inputs.Length)
            return Task.CompletedTask;
        _leases.Remove(item);
        Enter(new BatchEntry(BatchFolder.StemOf(_job.Inputs[item]), _job.Inputs[item], faces, error));
        return Task.CompletedTask;
    }

    public Task<JobProgress> Progress() => Task.FromResult(Progress(DateTime.UtcNow));

    private JobProgress Progress(DateTime now)
    {
        if (_job is null)
            return new JobProgress(0, 0, 0, 0, []);
        Expire(now);
        var failures = _finished.Values.Where(e => e.Error is not null).OrderBy(e => e.Input, StringComparer.Ordinal).Select(e => $"{e.Input}: {e.Error}").ToArray();
        return new JobProgress(_job.Inputs.Length, _finished.Count - failures.Length, failures.Length, _leases.Count, failures, _job.Track);
    }

    private void Load(AlignJob job)
    {
        _ledger?.Dispose();
        _job = job;
        _ledger = BatchLedger.Open(BatchFolder.LedgerPath(Output), job.Settings, resume: true, out var finished);
        _finished.Clear();
        foreach (var (stem, entry) in finished)
            _finished[stem] = entry;
    }

    /// <summary>Leases past their time go back to the queue, or fail the image after <see cref="MaxLeases"/>.</summary>
    private void Expire(DateTime now)
    {
        foreach (var (item, lease) in _leases.Where(l => l.Value.Expires <= now).ToList())
        {
            _leases.Remove(item);
            if (lease.Count >= MaxLeases)
                Enter(new BatchEntry(BatchFolder.StemOf(_job!.Inputs[item]), _job.Inputs[item], 0, $"no result after {MaxLeases} leases of {_job.LeaseSeconds} s"));
        }
    }

    private void Enter(BatchEntry entry)
    {
        if (_finished.TryAdd(entry.Stem, entry))
            _ledger!.Append(entry);
    }
}
