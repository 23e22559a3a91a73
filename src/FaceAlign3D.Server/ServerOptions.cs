using System.Net;

namespace FaceAlign3D.Server;

/// <summary>Where `facealign serve` listens and the limits it enforces (defaults documented in docs/serve.md).</summary>
public sealed record ServerOptions
{
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 lets the system pick one (tests).</summary>
    public int Port { get; init; } = 5080;

    /// <summary>Required in the X-Api-Key header of every /v1 request when set; mandatory for non-loopback binds.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Largest image upload (multipart or raw body) in bytes.</summary>
    public long MaxImageBytes { get; init; } = 20 * 1024 * 1024;

    /// <summary>Largest video upload for /v1/track in bytes.</summary>
    public long MaxVideoBytes { get; init; } = 200 * 1024 * 1024;

    /// <summary>Largest decoded image, width x height, checked from the header before pixels are allocated.</summary>
    public long MaxPixels { get; init; } = 40_000_000;

    /// <summary>Requests processed at once; each worker owns its own network sessions.</summary>
    public int Workers { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Requests allowed to wait for a worker; one more is answered 429.</summary>
    public int QueueLimit { get; init; } = 256;

    /// <summary>Longest time a request may wait for and use a worker; then its work is cancelled and it is answered 503.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Video jobs kept (running or finished); the oldest finished job is dropped beyond this.</summary>
    public int MaxJobs { get; init; } = 16;

    /// <summary>Origins allowed by CORS; empty (the default) sends no CORS headers.</summary>
    public IReadOnlyList<string> CorsOrigins { get; init; } = [];

    /// <summary>True when <see cref="Host"/> names only this machine.</summary>
    public bool IsLoopback => Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(Host, out var address) && IPAddress.IsLoopback(address));

    /// <exception cref="ArgumentException">A limit is out of range, or a non-loopback bind has no API key.</exception>
    public void Validate()
    {
        if (Port is < 0 or > 65535)
            throw new ArgumentException($"--port {Port} is not a TCP port (0-65535)");
        if (Host != "localhost" && !IPAddress.TryParse(Host, out _))
            throw new ArgumentException($"--host {Host} is not an IP address or localhost");
        if (!IsLoopback && string.IsNullOrEmpty(ApiKey))
            throw new ArgumentException($"--host {Host} accepts connections from other machines; give an --api-key (or FACEALIGN3D_API_KEY)");
        if (MaxImageBytes < 1 || MaxVideoBytes < 1 || MaxPixels < 1)
            throw new ArgumentException("upload and pixel limits must be positive");
        if (Workers < 1 || QueueLimit < 0 || MaxJobs < 1)
            throw new ArgumentException("workers and jobs must be at least 1 and the queue limit at least 0");
        if (RequestTimeout <= TimeSpan.Zero)
            throw new ArgumentException("the request timeout must be positive");
    }
}
