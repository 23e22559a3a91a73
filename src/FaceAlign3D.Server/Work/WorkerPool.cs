namespace FaceAlign3D.Server.Work;

/// <summary>The queue is full: the request is refused at once (HTTP 429) instead of waiting without bound.</summary>
public sealed class QueueFullException(int capacity) : Exception($"the server is busy ({capacity} requests running or queued); retry later");

/// <summary>The request did not finish (waiting for a worker and working) within the request timeout (HTTP 503); its work was cancelled.</summary>
public sealed class RequestTimeoutException(TimeSpan timeout) : Exception($"the request did not finish within {timeout.TotalSeconds:0.###} s and was cancelled; retry later");

/// <summary>
/// Runs CPU work on at most <c>workers</c> threads at once with at most <c>queueLimit</c> callers waiting; callers
/// beyond that are refused at once, so memory and latency stay bounded under any load.
/// </summary>
public sealed class WorkerPool(int workers, int queueLimit, TimeSpan timeout) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(workers, workers);
    private int _admitted;

    public int Workers { get; } = workers;
    public int QueueLimit { get; } = queueLimit;

    /// <summary>Requests running or waiting now.</summary>
    public int Admitted => Volatile.Read(ref _admitted);

    /// <summary>Workers running a request or a job now.</summary>
    public int Busy => Workers - _slots.CurrentCount;

    /// <summary>
    /// Runs <paramref name="work"/> on a worker. Its token fires when the caller cancels or when the request timeout
    /// (counted from admission, so waiting is included) runs out; the work stops at its next check and frees the worker.
    /// </summary>
    /// <exception cref="QueueFullException">Workers and queue are all taken.</exception>
    /// <exception cref="RequestTimeoutException">The timeout ran out while waiting or working.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> fired (the client went away).</exception>
    public async Task<T> RunAsync<T>(Func<CancellationToken, T> work, CancellationToken cancellation)
    {
        using var admission = Admit();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        try
        {
            await _slots.WaitAsync(deadline.Token).ConfigureAwait(false);
            try
            {
                return await Task.Run(() => work(deadline.Token), deadline.Token).ConfigureAwait(false);
            }
            finally
            {
                _slots.Release();
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellation.IsCancellationRequested)
        {
            throw new RequestTimeoutException(timeout);
        }
    }

    /// <summary>Holds a place in the pool for a long job (a video) until the returned lease is disposed.</summary>
    /// <exception cref="QueueFullException">Workers and queue are all taken.</exception>
    public IDisposable Admit()
    {
        if (Interlocked.Increment(ref _admitted) > Workers + QueueLimit)
        {
            Interlocked.Decrement(ref _admitted);
            throw new QueueFullException(Workers + QueueLimit);
        }
        return new Lease(this);
    }

    /// <summary>Waits for a worker for as long as it takes (video jobs, which already hold an admission).</summary>
    public async Task<IDisposable> AcquireWorkerAsync(CancellationToken cancellation)
    {
        await _slots.WaitAsync(cancellation).ConfigureAwait(false);
        return new Slot(_slots);
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Lease(WorkerPool pool) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                Interlocked.Decrement(ref pool._admitted);
        }
    }

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                slots.Release();
        }
    }
}
