using FaceAlign3D.Server.Work;

namespace FaceAlign3D.Server;

/// <summary>What every request shares: the limits, the toolkit with its loaded models, the worker pool and the video jobs.</summary>
public sealed class ServerState(ServerOptions options, Toolkits toolkits) : IDisposable
{
    public ServerOptions Options { get; } = options;
    public Toolkits Toolkits { get; } = toolkits;
    public WorkerPool Pool { get; } = new(options.Workers, options.QueueLimit, options.RequestTimeout);
    public TrackJobs Jobs { get; } = new(options.MaxJobs);

    public void Dispose()
    {
        Jobs.Dispose();
        Pool.Dispose();
        Toolkits.Dispose();
    }
}
