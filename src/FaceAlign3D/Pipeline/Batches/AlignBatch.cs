using System.Diagnostics;
using FaceAlign3D.Export;

namespace FaceAlign3D.Pipeline.Batches;

/// <summary>What an align batch writes and how.</summary>
public sealed record AlignBatchSettings
{
    public const int DefaultShardSize = 10_000;

    public required string OutputFolder { get; init; }
    public required AlignOutputs Outputs { get; init; }
    public AnalyzeSettings Analyze { get; init; } = new();

    /// <summary>Also fit the ICT model to each face (fit files beside the align files).</summary>
    public bool Fit { get; init; }

    /// <summary>Keep the ledger of an earlier run in the folder and skip the items it finished.</summary>
    public bool Resume { get; init; }

    /// <summary>Images per Parquet shard (align-00000.parquet, ...), in input order.</summary>
    public int ShardSize { get; init; } = DefaultShardSize;

    /// <summary>Anything else that changes the outputs (for example the regressor file), recorded in the ledger.</summary>
    public string ModelNote { get; init; } = "";
}

/// <summary>One image of a batch: its face count or why it failed; <see cref="Resumed"/> when an earlier run did it.</summary>
public sealed record AlignItemResult(string File, int Faces, string? Error, double Milliseconds, bool Resumed);

/// <summary>
/// A resumable `align` over many images. Each image's files are written in a staging folder and renamed into the
/// output folder, then the image is entered in the ledger (.facealign-batch/ledger.jsonl); so a run killed at any
/// moment leaves whole files only, and a resumed run skips the images in the ledger and redoes the others, giving
/// the files of an uninterrupted run. summary.csv and the Parquet shards are assembled at the end from each
/// image's rows (.facealign-batch/rows/). Errors in reading an input fail that image (entered, not retried);
/// errors in writing outputs stop the batch.
/// </summary>
public sealed class AlignBatch : IDisposable
{
    public const string SummaryFileName = "summary.csv";

    private readonly IReadOnlyList<string> _files;
    private readonly string[] _stems;
    private readonly AlignBatchSettings _settings;
    private readonly BatchLedger _ledger;
    private readonly Dictionary<string, BatchEntry> _earlier;
    private readonly AlignItemResult?[] _results;
    private readonly AlignItemSettings _item;

    private AlignBatch(IReadOnlyList<string> files, string[] stems, AlignBatchSettings settings, BatchLedger ledger, Dictionary<string, BatchEntry> earlier)
    {
        _files = files;
        _stems = stems;
        _settings = settings;
        _ledger = ledger;
        _earlier = earlier;
        _results = new AlignItemResult?[files.Count];
        _item = new AlignItemSettings(settings.Outputs, settings.Analyze, settings.Fit);
        Pending = [.. Enumerable.Range(0, files.Count).Where(i => !earlier.ContainsKey(stems[i]))];
    }

    /// <summary>Indices of the images still to process, in input order.</summary>
    public IReadOnlyList<int> Pending { get; }

    /// <summary>
    /// Prepares the output folder: without <see cref="AlignBatchSettings.Resume"/> a new ledger, with it the earlier
    /// one; what a killed run left half-written is removed. Two inputs that would write the same files are refused.
    /// </summary>
    public static AlignBatch Start(IReadOnlyList<string> files, AlignBatchSettings settings)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.ShardSize, 1);
        AlignItem.CheckDistinctStems(files);
        var stems = files.Select(AlignItem.StemOf).ToArray();

        string state = AlignItem.StateFolder(settings.OutputFolder);
        if (!settings.Resume && Directory.Exists(state))
            Directory.Delete(state, recursive: true);
        Directory.CreateDirectory(state);
        string staging = AlignItem.StagingFolder(settings.OutputFolder);
        if (Directory.Exists(staging))
            Directory.Delete(staging, recursive: true);
        foreach (var leftover in Directory.EnumerateFiles(settings.OutputFolder, "*" + AtomicFile.TemporarySuffix))
            File.Delete(leftover);

        string description = $"{settings.Outputs} roi={settings.Analyze.Roi?.Box} fit={settings.Fit} shard={settings.ShardSize} {settings.ModelNote}";
        var ledger = BatchLedger.Open(AlignItem.LedgerPath(settings.OutputFolder), description, settings.Resume, out var earlier);
        return new AlignBatch(files, stems, settings, ledger, earlier);
    }

    /// <summary>Aligns image <paramref name="index"/>, puts its files in place and enters it in the ledger. Thread-safe across indices.</summary>
    public AlignItemResult Process(int index, FaceToolkit toolkit)
    {
        var start = Stopwatch.GetTimestamp();
        var entry = AlignItem.Run(toolkit, _files[index], _settings.OutputFolder, _item, "local");
        _ledger.Append(entry);
        return _results[index] = new AlignItemResult(_files[index], entry.Faces, entry.Error, Stopwatch.GetElapsedTime(start).TotalMilliseconds, Resumed: false);
    }

    /// <summary>Writes summary.csv and the Parquet shards (each whole or not at all) and returns every image's result in input order.</summary>
    public IReadOnlyList<AlignItemResult> Finish()
    {
        var results = Enumerable.Range(0, _files.Count).Select(i => _results[i] ?? FromLedger(i)).ToList();
        var done = Enumerable.Range(0, _files.Count).Where(i => results[i].Error is null).ToList();
        if (_settings.Outputs.Has("csv"))
            AtomicFile.Write(Path.Combine(_settings.OutputFolder, SummaryFileName), path =>
            {
                using var csv = new AlignmentCsvWriter(path);
                foreach (var row in done.SelectMany(RowsOf))
                    csv.Add(row);
            });
        if (_settings.Outputs.Has("parquet"))
            for (int shard = 0; shard * _settings.ShardSize < _files.Count; shard++)
            {
                var rows = done.Where(i => i / _settings.ShardSize == shard).SelectMany(RowsOf).ToList();
                AtomicFile.Write(Path.Combine(_settings.OutputFolder, ShardFileName(shard)), path => AlignmentParquetWriter.Write(path, rows));
            }
        return results;
    }

    public static string ShardFileName(int shard) => $"align-{shard:00000}.parquet";

    public void Dispose() => _ledger.Dispose();

    private AlignItemResult FromLedger(int index)
    {
        if (!_earlier.TryGetValue(_stems[index], out var entry))
            throw new InvalidOperationException($"{_files[index]} was not processed");
        return new AlignItemResult(_files[index], entry.Faces, entry.Error, 0, Resumed: true);
    }

    private List<AlignmentRow> RowsOf(int index) => AlignItem.ReadRows(_settings.OutputFolder, _stems[index]);
}
