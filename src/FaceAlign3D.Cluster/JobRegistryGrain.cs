namespace FaceAlign3D.Cluster;

/// <summary>
/// The jobs with work left. Kept in memory: if its silo dies it comes back empty, and the jobs add themselves again
/// (a job grain registers on activation, and workers keep asking the jobs they already know).
/// </summary>
public sealed class JobRegistryGrain : Grain, IJobRegistryGrain
{
    private readonly SortedSet<string> _jobs = new(StringComparer.Ordinal);

    public Task Add(string job)
    {
        _jobs.Add(job);
        return Task.CompletedTask;
    }

    public Task Remove(string job)
    {
        _jobs.Remove(job);
        return Task.CompletedTask;
    }

    public Task<string[]> Active() => Task.FromResult(_jobs.ToArray());
}
