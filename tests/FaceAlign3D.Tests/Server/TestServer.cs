using FaceAlign3D.Server;
using FaceAlign3D.Tests.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace FaceAlign3D.Tests.Server;

/// <summary>A real `facealign serve` app on a free loopback port, with the shared models and small limits.</summary>
public sealed class TestServer : IAsyncDisposable
{
    /// <summary>The upload limit the tests cross on purpose (the samples are well under it).</summary>
    public const long ImageLimit = 1_500_000;

    private readonly WebApplication _app;

    private TestServer(WebApplication app)
    {
        _app = app;
        Address = ServerApp.Address(app);
        Client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(2) };
    }

    public Uri Address { get; }
    public HttpClient Client { get; }
    public ServerState State => _app.Services.GetRequiredService<ServerState>();

    public static ServerOptions DefaultOptions => new()
    {
        Port = 0,
        Workers = 1,
        QueueLimit = 8,
        MaxImageBytes = ImageLimit,
        MaxPixels = 20_000_000,
    };

    public static async Task<TestServer> StartAsync(ServerOptions? options = null)
    {
        var app = ServerApp.Build(options ?? DefaultOptions, AllModelsFolder.Store);
        await app.StartAsync();
        return new TestServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One server shared by the tests of a class (models load once).</summary>
public sealed class TestServerFixture : IAsyncLifetime
{
    public TestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
