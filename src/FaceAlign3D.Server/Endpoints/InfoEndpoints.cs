using FaceAlign3D.Models;
using FaceAlign3D.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FaceAlign3D.Server.Endpoints;

/// <summary>GET /v1/models (what is installed and what each query value selects) and GET /healthz.</summary>
public static class InfoEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/models", (ServerState state) => new ModelsInfo(
                AnalyzerFactory.AlignerNames, AnalyzerFactory.DetectorNames, ["ict"],
                ModelManifest.All.Select(m => new ModelInfo(m.Id, m.Description, m.Licence, Installed(state.Toolkits.Store, m))).ToArray()))
            .WithName("models")
            .WithSummary("The aligners, detectors and fit models the query parameters accept, and which model files are installed");
        app.MapGet("/healthz", (ServerState state) => new Health("ok", state.Pool.Workers, state.Pool.QueueLimit, state.Pool.Admitted))
            .WithName("health")
            .WithSummary("Liveness and current load");
    }

    // Presence only: checksums were verified when the models were first loaded.
    private static bool Installed(ModelStore store, ModelEntry model)
    {
        try
        {
            store.Resolve(model, verifyChecksums: false);
            return true;
        }
        catch (ModelNotFoundException)
        {
            return false;
        }
    }
}

public sealed record ModelInfo(string Id, string Description, string Licence, bool Installed);

public sealed record ModelsInfo(IReadOnlyList<string> Aligners, IReadOnlyList<string> Detectors, IReadOnlyList<string> Fits, IReadOnlyList<ModelInfo> Models);

public sealed record Health(string Status, int Workers, int QueueLimit, int Admitted);
