using System.Diagnostics;

namespace FaceAlign3D.Pipeline.Batches;

/// <summary>
/// The bookkeeping of a resumable batch on one machine: its inputs, the items an earlier run finished (read from
/// the ledger when resuming) and the ledger the items of this run are entered in once their outputs are in place.
/// </summary>
internal sealed class BatchState : IDisposable
{
    private readonly string[] _stems;
    private readonly BatchLedger _ledger;
    private readonly Dictionary<string, BatchEntry> _earlier;
    private readonly BatchItemResult?[] _results;

    private BatchState(IReadOnlyList<string> inputs, string[] stems, BatchLedger ledger, Dictionary<string, BatchEntry> earlier)
    {
        Inputs = inputs;
        _stems = stems;
        _ledger = ledger;
        _earlier = earlier;
        _results = new BatchItemResult?[inputs.Count];
        Pending = [.. Enumerable.Range(0, inputs.Count).Where(i => !earlier.ContainsKey(stems[i]))];
    }

    public IReadOnlyList<string> Inputs { get; }

    /// <summary>Indices of the items still to do, in input order.</summary>
    public IReadOnlyList<int> Pending { get; }

    /// <summary>
    /// Prepares <paramref name="outputFolder"/> (<see cref="BatchFolder.Prepare"/>) and opens its ledger, a new one or,
    /// with <paramref name="resume"/>, the earlier one, which must have been started with the same <paramref name="settings"/>.
    /// Two inputs that would write the same outputs are refused.
    /// </summary>
    public static BatchState Start(string outputFolder, IReadOnlyList<string> inputs, string settings, bool resume)
    {
        BatchFolder.CheckDistinctStems(inputs);
        Directory.CreateDirectory(outputFolder);
        BatchFolder.Prepare(outputFolder, resume);
        var ledger = BatchLedger.Open(BatchFolder.LedgerPath(outputFolder), settings, resume, out var earlier);
        return new BatchState(inputs, [.. inputs.Select(BatchFolder.StemOf)], ledger, earlier);
    }

    public string StemOf(int index) => _stems[index];

    /// <summary>Enters item <paramref name="index"/>, begun at <paramref name="startTimestamp"/>; its outputs must be in place. Thread-safe across indices.</summary>
    public BatchItemResult Enter(int index, BatchEntry entry, long startTimestamp)
    {
        _ledger.Append(entry);
        return _results[index] = new BatchItemResult(Inputs[index], entry.Faces, entry.Error, Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds, Resumed: false);
    }

    /// <summary>Every item's result in input order: entered by this run or by an earlier one.</summary>
    public IReadOnlyList<BatchItemResult> Results() => [.. Enumerable.Range(0, Inputs.Count).Select(i => _results[i] ?? Resumed(i))];

    private BatchItemResult Resumed(int index)
    {
        if (!_earlier.TryGetValue(_stems[index], out var entry))
            throw new InvalidOperationException($"{Inputs[index]} was not processed");
        return new BatchItemResult(Inputs[index], entry.Faces, entry.Error, 0, Resumed: true);
    }

    public void Dispose() => _ledger.Dispose();
}
