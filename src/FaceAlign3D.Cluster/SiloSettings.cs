using System.Net;

namespace FaceAlign3D.Cluster;

/// <summary>
/// How a silo or a client joins the cluster. Localhost membership: silo <see cref="Instance"/> listens on
/// <see cref="BasePort"/> + 2 x instance (gateway: + 1), and instance 0 is the primary that holds the membership
/// (the cluster lives as long as it does). Postgres membership: the ADO.NET table in <see cref="Postgres"/>.
/// </summary>
public sealed record SiloSettings(string ClusterId, string Membership, string? Postgres, int BasePort, int Instance, int Workers)
{
    public const string ServiceId = "facealign";
    public const int MaxLocalInstances = 8;

    public int SiloPort => BasePort + 2 * Instance;
    public int GatewayPort => SiloPort + 1;
    public IPEndPoint Primary => new(IPAddress.Loopback, BasePort);

    /// <summary>The gateways a client tries on one machine.</summary>
    public int[] LocalGateways => [.. Enumerable.Range(0, MaxLocalInstances).Select(i => BasePort + 2 * i + 1)];

    public void Validate()
    {
        if (Membership is not ("localhost" or "postgres"))
            throw new ArgumentException($"--membership {Membership}: choose localhost or postgres");
        if (Membership == "postgres" && string.IsNullOrWhiteSpace(Postgres))
            throw new ArgumentException("--membership postgres needs --postgres \"Host=...;Database=...;Username=...;Password=...\"");
        if (Instance is < 0 or >= MaxLocalInstances)
            throw new ArgumentException($"--instance must be 0 to {MaxLocalInstances - 1}");
        if (Workers < 1)
            throw new ArgumentException("--workers must be at least 1");
    }
}
