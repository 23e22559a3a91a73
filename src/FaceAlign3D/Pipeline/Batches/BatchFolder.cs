namespace FaceAlign3D.Pipeline.Batches;

/// <summary>
/// The layout of a resumable batch inside its output folder: the state folder (.facealign-batch) with the ledger
/// and the staging folders where an item's outputs are written before they are renamed into place. An item's
/// outputs are named after its input (<see cref="StemOf"/>), so a retried item replaces, never duplicates, them.
/// </summary>
internal static class BatchFolder
{
    public const string StateFolderName = ".facealign-batch";

    public static string StateFolder(string outputFolder) => Path.Combine(outputFolder, StateFolderName);

    /// <summary>The ledger of finished items (<see cref="BatchLedger"/>).</summary>
    public static string LedgerPath(string outputFolder) => Path.Combine(StateFolder(outputFolder), "ledger.jsonl");

    public static string StagingFolder(string outputFolder) => Path.Combine(StateFolder(outputFolder), "staging");

    /// <summary>The output name of an input (its file or folder name without extension).</summary>
    public static string StemOf(string input) => Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(input));

    /// <summary>Refuses inputs that would write the same outputs.</summary>
    public static void CheckDistinctStems(IReadOnlyList<string> inputs)
    {
        var clash = inputs.GroupBy(StemOf, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new ArgumentException($"{string.Join(" and ", clash)} would write the same outputs ({clash.Key}); put them in different batches");
    }

    /// <summary>
    /// Makes the output folder ready for a run: without <paramref name="resume"/> the earlier state is dropped;
    /// what a killed run left half-written (staging folders, temporary files) is removed either way.
    /// </summary>
    public static void Prepare(string outputFolder, bool resume)
    {
        string state = StateFolder(outputFolder);
        if (!resume && Directory.Exists(state))
            Directory.Delete(state, recursive: true);
        Directory.CreateDirectory(state);
        string staging = StagingFolder(outputFolder);
        if (Directory.Exists(staging))
            Directory.Delete(staging, recursive: true);
        foreach (var leftover in Directory.EnumerateFiles(outputFolder, "*" + AtomicFile.TemporarySuffix))
            File.Delete(leftover);
    }

    /// <summary>An empty staging folder for <paramref name="stem"/>, of <paramref name="worker"/>'s own (workers of a cluster share the output folder).</summary>
    public static string NewStaging(string outputFolder, string stem, string worker)
    {
        string staged = Path.Combine(StagingFolder(outputFolder), $"{stem}.{worker}");
        if (Directory.Exists(staged))
            Directory.Delete(staged, recursive: true);
        Directory.CreateDirectory(staged);
        return staged;
    }

    /// <summary>
    /// Renames a staged folder to <paramref name="target"/>, replacing an earlier copy (left by a run killed before
    /// its ledger entry). When another worker of a cluster puts the same item in place in between, its folder (the
    /// same outputs) is kept and this one dropped.
    /// </summary>
    public static void PublishFolder(string staged, string target)
    {
        if (Directory.Exists(target))
            Directory.Delete(target, recursive: true);
        try
        {
            Directory.Move(staged, target);
        }
        catch (IOException) when (Directory.Exists(target))
        {
            Directory.Delete(staged, recursive: true);
        }
    }
}
