namespace FaceAlign3D.Neural.Runtime;

/// <summary>Work split into independently executable chunks.</summary>
internal interface IParallelBody
{
    /// <param name="chunk">Which piece of work.</param>
    /// <param name="worker">Which thread runs it (0 = the calling thread), to pick per-thread scratch.</param>
    void Execute(int chunk, int worker);
}

/// <summary>
/// A fixed set of worker threads owned by one session. <see cref="For"/> hands out chunk indices to the
/// calling thread and the workers; it allocates nothing, so a steady-state run stays allocation-free.
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    private readonly Thread[] _threads;
    private readonly SemaphoreSlim _start = new(0);
    private readonly ManualResetEventSlim _done = new(false);
    private IParallelBody? _body;
    private int _count;
    private int _next;
    private int _pending;
    private bool _disposed;
    private Exception? _failure;

    public WorkerPool(int threadCount)
    {
        if (threadCount < 1)
            throw new ArgumentOutOfRangeException(nameof(threadCount), threadCount, "at least one thread is needed");
        ThreadCount = threadCount;
        _threads = new Thread[threadCount - 1];
        for (int i = 0; i < _threads.Length; i++)
        {
            _threads[i] = new Thread(WorkerLoop) { IsBackground = true, Name = $"FaceAlign3D.Neural worker {i + 1}" };
            _threads[i].Start(i + 1);
        }
    }

    public int ThreadCount { get; }

    /// <summary>Runs <paramref name="body"/> for chunks 0..count-1 and returns when all are done.</summary>
    public void For(int count, IParallelBody body)
    {
        if (_threads.Length == 0 || count <= 1)
        {
            for (int i = 0; i < count; i++)
                body.Execute(i, 0);
            return;
        }
        _body = body;
        _count = count;
        _next = 0;
        _failure = null;
        int helpers = Math.Min(_threads.Length, count - 1);
        _pending = helpers;
        _done.Reset();
        _start.Release(helpers);
        Drain(0);
        _done.Wait();
        _body = null;
        if (_failure is not null)
            throw new AggregateException("a parallel kernel failed", _failure);
    }

    private void Drain(int worker)
    {
        var body = _body!;
        int i;
        while ((i = Interlocked.Increment(ref _next) - 1) < _count)
            body.Execute(i, worker);
    }

    private void WorkerLoop(object? index)
    {
        int worker = (int)index!;
        while (true)
        {
            _start.Wait();
            if (_disposed)
                return;
            try { Drain(worker); }
            catch (Exception e) { _failure = e; }
            if (Interlocked.Decrement(ref _pending) == 0)
                _done.Set();
        }
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (_threads.Length > 0)
            _start.Release(_threads.Length);
        foreach (var t in _threads)
            t.Join();
        _start.Dispose();
        _done.Dispose();
    }
}
