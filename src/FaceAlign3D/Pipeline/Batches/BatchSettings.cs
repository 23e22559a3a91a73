namespace FaceAlign3D.Pipeline.Batches;

/// <summary>What every resumable batch is told: where it writes, whether it continues an earlier run, what else its outputs depend on.</summary>
public abstract record BatchSettings
{
    public required string OutputFolder { get; init; }

    /// <summary>Keep the ledger of an earlier run in the folder and skip the items it finished.</summary>
    public bool Resume { get; init; }

    /// <summary>Anything else that changes the outputs (for example the regressor file), recorded in the ledger.</summary>
    public string ModelNote { get; init; } = "";
}
