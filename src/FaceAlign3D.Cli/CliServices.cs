using FaceAlign3D.Models;

namespace FaceAlign3D.Cli;

/// <summary>What the commands are given instead of reaching for the process: the model store they open.</summary>
public sealed record CliServices(Func<ModelStore> OpenStore)
{
    /// <summary>The store of this process's default search order (FACEALIGN3D_MODELS, ./models, ...).</summary>
    public static CliServices Default { get; } = new(ModelStore.CreateDefault);
}
