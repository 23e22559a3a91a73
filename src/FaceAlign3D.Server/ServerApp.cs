using System.Net;
using FaceAlign3D.Models;
using FaceAlign3D.Server.Endpoints;
using FaceAlign3D.Server.OpenApi;
using FaceAlign3D.Server.Security;
using FaceAlign3D.Server.Work;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FaceAlign3D.Server;

/// <summary>Builds the `facealign serve` web application: the HTTP API under /v1, /healthz, the OpenAPI document and the page at /.</summary>
public static class ServerApp
{
    /// <param name="options">Address and limits.</param>
    /// <param name="store">Where the models are; each is loaded once, on first use.</param>
    /// <exception cref="ArgumentException">Invalid options (see <see cref="ServerOptions.Validate"/>).</exception>
    public static WebApplication Build(ServerOptions options, ModelStore store)
    {
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = Math.Max(options.MaxImageBytes, options.MaxVideoBytes) + 64 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(30);
            var address = options.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : IPAddress.Parse(options.Host);
            kestrel.Listen(address, options.Port);
        });
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ServerJson.Default));
        builder.Services.AddSingleton(new ServerState(options, new Toolkits(store)));
        builder.Services.AddOpenApi(openApi => openApi.AddDocumentTransformer<SchemaDocumentTransformer>());
        if (options.CorsOrigins.Count > 0)
            builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy.WithOrigins([.. options.CorsOrigins]).AllowAnyHeader().WithMethods("GET", "POST")));

        var app = builder.Build();
        app.Use(async (http, next) =>
        {
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers.ContentSecurityPolicy = "frame-ancestors 'none'";
            await next(http);
        });
        if (options.CorsOrigins.Count > 0)
            app.UseCors();
        if (!string.IsNullOrEmpty(options.ApiKey))
            app.UseMiddleware<ApiKeyMiddleware>(options.ApiKey);
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapOpenApi("/openapi/{documentName}.json");
        FaceEndpoints.Map(app);
        TrackEndpoints.Map(app);
        InfoEndpoints.Map(app);
        app.Lifetime.ApplicationStopped.Register(() => app.Services.GetRequiredService<ServerState>().Dispose());
        return app;
    }

    /// <summary>Builds and runs the app until <paramref name="cancellation"/> fires; <paramref name="started"/> gets the address.</summary>
    public static async Task RunAsync(ServerOptions options, ModelStore store, Action<Uri> started, CancellationToken cancellation)
    {
        await using var app = Build(options, store);
        await app.StartAsync(cancellation);
        started(Address(app));
        await app.WaitForShutdownAsync(cancellation);
    }

    /// <summary>The address the running app listens on (the chosen port when <see cref="ServerOptions.Port"/> was 0).</summary>
    public static Uri Address(WebApplication app) => new(app.Urls.First());
}
