namespace FaceAlign3D.Cluster;

/// <summary>
/// A submitted align job: the images (absolute paths, in manifest order), the output folder every silo can reach
/// (also the job's key) and the align settings every worker applies.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AlignJob(
    [property: Id(0)] string Output,
    [property: Id(1)] string[] Inputs,
    [property: Id(2)] string Format,
    [property: Id(3)] string Aligner,
    [property: Id(4)] string? Detector,
    [property: Id(5)] string? Roi,
    [property: Id(6)] int LeaseSeconds)
{
    /// <summary>The settings line of the job's ledger: a job resubmitted with other settings is refused.</summary>
    public string Settings => $"cluster format={Format} aligner={Aligner} detector={Detector} roi={Roi}";
}

/// <summary>An image a worker may align until <see cref="AlignJob.LeaseSeconds"/> pass; then it goes back to the queue.</summary>
[GenerateSerializer, Immutable]
public sealed record WorkLease([property: Id(0)] int Item, [property: Id(1)] string Input);

/// <summary>Where a job stands; <see cref="Failures"/> holds one "input: reason" line per failed image.</summary>
[GenerateSerializer, Immutable]
public sealed record JobProgress(
    [property: Id(0)] int Total,
    [property: Id(1)] int Done,
    [property: Id(2)] int Failed,
    [property: Id(3)] int Leased,
    [property: Id(4)] string[] Failures)
{
    public bool Finished => Done + Failed == Total;
}
