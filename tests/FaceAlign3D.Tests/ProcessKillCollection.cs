namespace FaceAlign3D.Tests;

/// <summary>
/// Tests that start `facealign` processes and kill them at chosen moments run alone: their kill points and silo
/// leases are timed against real progress, which a machine busy with the rest of the suite would stretch.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessKillCollection
{
    public const string Name = "processes killed mid-run";
}
