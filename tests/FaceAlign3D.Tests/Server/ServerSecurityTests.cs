using System.Net;
using FaceAlign3D.Server;

namespace FaceAlign3D.Tests.Server;

/// <summary>Binding, the API key and CORS as configured.</summary>
public sealed class ServerSecurityTests
{
    [Fact]
    public void The_default_bind_is_loopback_only()
    {
        var options = new ServerOptions();
        Assert.Equal("127.0.0.1", options.Host);
        Assert.True(options.IsLoopback);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("192.168.1.20")]
    public void A_non_loopback_bind_needs_an_api_key(string host)
    {
        var error = Assert.Throws<ArgumentException>(() => new ServerOptions { Host = host }.Validate());
        Assert.Contains("--api-key", error.Message);
        new ServerOptions { Host = host, ApiKey = "secret" }.Validate();
    }

    [Fact]
    public void A_host_that_is_not_an_address_is_refused() =>
        Assert.Throws<ArgumentException>(() => new ServerOptions { Host = "example.com" }.Validate());

    [Fact]
    public async Task With_an_api_key_the_api_needs_it_and_the_page_and_health_do_not()
    {
        await using var server = await TestServer.StartAsync(TestServer.DefaultOptions with { ApiKey = "open sesame" });
        using var missing = await server.Client.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/v1/models") { Headers = { { "X-Api-Key", "open sesame!" } } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.SendAsync(wrong)).StatusCode);
        using var right = new HttpRequestMessage(HttpMethod.Get, "/v1/models") { Headers = { { "X-Api-Key", "open sesame" } } };
        Assert.Equal(HttpStatusCode.OK, (await server.Client.SendAsync(right)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Configured_origins_get_CORS_headers_and_others_do_not()
    {
        await using var server = await TestServer.StartAsync(TestServer.DefaultOptions with { CorsOrigins = ["https://allowed.example"] });
        using var allowed = new HttpRequestMessage(HttpMethod.Get, "/v1/models") { Headers = { { "Origin", "https://allowed.example" } } };
        Assert.Equal("https://allowed.example", (await server.Client.SendAsync(allowed)).Headers.GetValues("Access-Control-Allow-Origin").Single());
        using var other = new HttpRequestMessage(HttpMethod.Get, "/v1/models") { Headers = { { "Origin", "https://other.example" } } };
        Assert.False((await server.Client.SendAsync(other)).Headers.Contains("Access-Control-Allow-Origin"));
    }
}
