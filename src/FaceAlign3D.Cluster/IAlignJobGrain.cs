namespace FaceAlign3D.Cluster;

/// <summary>One job, keyed by its output folder: splits it into images, leases them to workers and keeps its ledger.</summary>
public interface IAlignJobGrain : IGrainWithStringKey
{
    /// <summary>Starts the job (again: the same job resumes from its ledger; other settings are refused).</summary>
    Task<JobProgress> Start(AlignJob job);

    /// <summary>The job, for workers that hold a lease of it; null if it was never started.</summary>
    Task<AlignJob?> Describe();

    /// <summary>Up to <paramref name="count"/> images for <paramref name="worker"/>; empty when none is waiting.</summary>
    Task<WorkLease[]> Lease(string worker, int count);

    /// <summary>Enters an image's result (its face count, or why its input could not be read) once; repeats are ignored.</summary>
    Task Complete(int item, int faces, string? error);

    Task<JobProgress> Progress();
}

/// <summary>The jobs with work left, so that every silo's workers find them.</summary>
public interface IJobRegistryGrain : IGrainWithIntegerKey
{
    Task Add(string job);
    Task Remove(string job);
    Task<string[]> Active();
}
