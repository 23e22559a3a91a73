using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace FaceAlign3D.Cluster;

/// <summary>Builds the silo and client hosts for either membership.</summary>
internal static class ClusterHosts
{
    public const string PostgresInvariant = "Npgsql";

    public static IHost Silo(SiloSettings settings, TextWriter log) => new HostBuilder()
        .UseOrleans(silo =>
        {
            if (settings.Membership == "postgres")
            {
                silo.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (PostgresInvariant, settings.Postgres));
                silo.ConfigureEndpoints(settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: true);
                silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (settings.ClusterId, SiloSettings.ServiceId));
            }
            else
                silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, settings.Primary, SiloSettings.ServiceId, settings.ClusterId);
            // A dead silo is declared dead after about 2 x 2 s of missed probes, so its grains come back soon.
            silo.Configure<ClusterMembershipOptions>(o => (o.ProbeTimeout, o.NumMissedProbesLimit) = (TimeSpan.FromSeconds(2), 2));
        })
        .ConfigureServices(services => services.AddSingleton(settings).AddSingleton(log).AddHostedService<AlignWorker>())
        .Build();

    public static IHost Client(SiloSettings settings) => new HostBuilder()
        .UseOrleansClient(client =>
        {
            if (settings.Membership == "postgres")
            {
                client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (PostgresInvariant, settings.Postgres));
                client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (settings.ClusterId, SiloSettings.ServiceId));
            }
            else
                client.UseLocalhostClustering(settings.LocalGateways, SiloSettings.ServiceId, settings.ClusterId);
        })
        .Build();
}
