using System.Collections.Concurrent;
using FaceAlign3D.Fitting;

namespace FaceAlign3D.Server.Work;

public enum JobState { Queued, Running, Done, Failed }

/// <summary>One video being tracked: its progress, its outcome and the folder its JSON lines are written to.</summary>
public sealed class TrackJob(string id, string folder)
{
    private volatile int _framesDone;

    public string Id { get; } = id;

    /// <summary>A folder the server chose (under the system temp folder); no part of the request names it.</summary>
    public string Folder { get; } = folder;

    public JobState State { get; set; } = JobState.Queued;
    public int FramesDone { get => _framesDone; set => _framesDone = value; }
    public int? FramesTotal { get; set; }
    public string? Error { get; set; }

    /// <summary>Each track's ICT fit, one per frame of the track, by track id; set when a job run with a fit is done.</summary>
    public IReadOnlyDictionary<int, SequenceFitResult>? Fits { get; set; }
    public DateTime Created { get; } = DateTime.UtcNow;

    public bool Finished => State is JobState.Done or JobState.Failed;

    /// <summary>Completes when the job has finished, whatever the outcome.</summary>
    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>The video jobs the server keeps: at most a fixed number; the oldest finished job (and its folder) goes first.</summary>
public sealed class TrackJobs(int capacity) : IDisposable
{
    private readonly ConcurrentDictionary<string, TrackJob> _jobs = new();
    private readonly Lock _gate = new();
    // One folder per server instance: disposing one server must not delete another's jobs (several run in one test process).
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"facealign-serve-{Environment.ProcessId}-{Guid.NewGuid():N}");

    public TrackJob? Find(string id) => _jobs.TryGetValue(id, out var job) ? job : null;

    /// <exception cref="QueueFullException">Every kept job is still running.</exception>
    public TrackJob Create()
    {
        lock (_gate)
        {
            if (_jobs.Count >= capacity)
            {
                var oldest = _jobs.Values.Where(j => j.Finished).OrderBy(j => j.Created).FirstOrDefault()
                    ?? throw new QueueFullException(capacity);
                Remove(oldest);
            }
            string id = Guid.NewGuid().ToString("N");
            var job = new TrackJob(id, Path.Combine(_root, id));
            Directory.CreateDirectory(job.Folder);
            _jobs[id] = job;
            return job;
        }
    }

    /// <summary>Forgets a job that never started and deletes its folder.</summary>
    public void Discard(TrackJob job)
    {
        lock (_gate)
            Remove(job);
    }

    private void Remove(TrackJob job)
    {
        _jobs.TryRemove(job.Id, out _);
        try
        {
            Directory.Delete(job.Folder, recursive: true);
        }
        catch (IOException)
        {
            // A reader still streaming the results keeps the folder until the next clean-up.
        }
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(_root))
                Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system's temp clean-up.
        }
    }
}
