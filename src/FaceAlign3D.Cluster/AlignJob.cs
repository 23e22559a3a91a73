namespace FaceAlign3D.Cluster;

/// <summary>
/// A submitted job: the work items (absolute paths, in manifest order: images, or with <see cref="Track"/> videos
/// and image folders), the output folder every silo can reach (also the job's key) and the settings every worker
/// applies, as `facealign align` and `facealign track` read them.
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
    /// <summary>Track the items as clips instead of aligning them as images.</summary>
    [Id(7)] public bool Track { get; init; }

    /// <summary>Fit the ICT model: to each face of an image, or per track of a clip.</summary>
    [Id(8)] public bool Fit { get; init; }

    /// <summary>Clips: skip the overlay video.</summary>
    [Id(9)] public bool NoVideo { get; init; }

    /// <summary>The settings line of the job's ledger: a job resubmitted with other settings is refused.</summary>
    public string Settings => Track
        ? $"cluster track aligner={Aligner} fit={Fit} video={!NoVideo}"
        : $"cluster format={Format} aligner={Aligner} detector={Detector} roi={Roi}" + (Fit ? " fit=True" : "");
}

/// <summary>An image a worker may align until <see cref="AlignJob.LeaseSeconds"/> pass; then it goes back to the queue.</summary>
[GenerateSerializer, Immutable]
public sealed record WorkLease([property: Id(0)] int Item, [property: Id(1)] string Input);

/// <summary>Where a job stands; <see cref="Failures"/> holds one "input: reason" line per failed item; <see cref="Videos"/> for a track job.</summary>
[GenerateSerializer, Immutable]
public sealed record JobProgress(
    [property: Id(0)] int Total,
    [property: Id(1)] int Done,
    [property: Id(2)] int Failed,
    [property: Id(3)] int Leased,
    [property: Id(4)] string[] Failures,
    [property: Id(5)] bool Videos = false)
{
    public bool Finished => Done + Failed == Total;
}
