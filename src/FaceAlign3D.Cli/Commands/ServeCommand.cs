using System.CommandLine;
using FaceAlign3D.Server;

namespace FaceAlign3D.Cli.Commands;

/// <summary>`facealign serve`: the HTTP API and the web page (docs/serve.md).</summary>
public static class ServeCommand
{
    public const string ApiKeyVariable = "FACEALIGN3D_API_KEY";

    public static Command Create(CliServices services)
    {
        var defaults = new ServerOptions();
        var port = new Option<int>("--port") { Description = "TCP port", DefaultValueFactory = _ => defaults.Port };
        var host = new Option<string>("--host") { Description = "address to listen on; anything but loopback needs --api-key", DefaultValueFactory = _ => defaults.Host };
        var apiKey = new Option<string?>("--api-key") { Description = $"require this key in the X-Api-Key header of /v1 requests (default: ${ApiKeyVariable})" };
        var workers = new Option<int>("--workers") { Description = "requests processed at once", DefaultValueFactory = _ => defaults.Workers };
        var queue = new Option<int>("--queue") { Description = "requests allowed to wait for a worker; more are answered 429", DefaultValueFactory = _ => defaults.QueueLimit };
        var cors = new Option<string[]>("--cors") { Description = "origins allowed to call the API from a browser (default: none)", AllowMultipleArgumentsPerToken = true };
        var command = new Command("serve", "Serve the HTTP API and the web page with the 3D viewer") { port, host, apiKey, workers, queue, cors };
        command.SetAction(async (parse, cancellation) =>
        {
            try
            {
                var options = defaults with
                {
                    Port = parse.GetValue(port),
                    Host = parse.GetValue(host)!,
                    ApiKey = parse.GetValue(apiKey) ?? Environment.GetEnvironmentVariable(ApiKeyVariable),
                    Workers = parse.GetValue(workers),
                    QueueLimit = parse.GetValue(queue),
                    CorsOrigins = parse.GetValue(cors) ?? [],
                };
                await ServerApp.RunAsync(options, services.OpenStore(), address => services.Out.WriteLine($"facealign serve: listening on {address} (Ctrl+C to stop)"), cancellation);
                return 0;
            }
            catch (Exception e) when (CliErrors.IsUserError(e))
            {
                return CliErrors.Report(services.Error, e);
            }
        });
        return command;
    }
}
