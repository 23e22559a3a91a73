using System.Diagnostics;
using FaceAlign3D.Export;

namespace FaceAlign3D.Pipeline.Batches;

/// <summary>What an align batch writes and how.</summary>
public sealed record AlignBatchSettings : BatchSettings
{
    public const int DefaultShardSize = 10_000;

    public required AlignOutputs Outputs { get; init; }
    public AnalyzeSettings Analyze { get; init; } = new();

    /// <summary>Also fit the ICT model to each face (fit files beside the align files).</summary>
    public bool Fit { get; init; }

    /// <summary>Images per Parquet shard (align-00000.parquet, ...), in input order.</summary>
    public int ShardSize { get; init; } = DefaultShardSize;
}

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

    private readonly BatchState _state;
    private readonly AlignBatchSettings _settings;
    private readonly AlignItemSettings _item;

    private AlignBatch(BatchState state, AlignBatchSettings settings)
    {
        _state = state;
        _settings = settings;
        _item = new AlignItemSettings(settings.Outputs, settings.Analyze, settings.Fit);
    }

    /// <summary>Indices of the images still to process, in input order.</summary>
    public IReadOnlyList<int> Pending => _state.Pending;

    /// <summary>
    /// Prepares the output folder: without <see cref="BatchSettings.Resume"/> a new ledger, with it the earlier
    /// one; what a killed run left half-written is removed. Two inputs that would write the same files are refused.
    /// </summary>
    public static AlignBatch Start(IReadOnlyList<string> files, AlignBatchSettings settings)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.ShardSize, 1);
        string description = $"{settings.Outputs} roi={settings.Analyze.Roi?.Box} fit={settings.Fit} shard={settings.ShardSize} {settings.ModelNote}";
        return new AlignBatch(BatchState.Start(settings.OutputFolder, files, description, settings.Resume), settings);
    }

    /// <summary>Aligns image <paramref name="index"/>, puts its files in place and enters it in the ledger. Thread-safe across indices.</summary>
    public BatchItemResult Process(int index, FaceToolkit toolkit)
    {
        var start = Stopwatch.GetTimestamp();
        return _state.Enter(index, AlignItem.Run(toolkit, _state.Inputs[index], _settings.OutputFolder, _item, "local"), start);
    }

    /// <summary>Writes summary.csv and the Parquet shards (each whole or not at all) and returns every image's result in input order.</summary>
    public IReadOnlyList<BatchItemResult> Finish()
    {
        int count = _state.Inputs.Count;
        var results = _state.Results();
        var done = Enumerable.Range(0, count).Where(i => results[i].Error is null).ToList();
        if (_settings.Outputs.Has("csv"))
            AtomicFile.Write(Path.Combine(_settings.OutputFolder, SummaryFileName), path =>
            {
                using var csv = new AlignmentCsvWriter(path);
                foreach (var row in done.SelectMany(RowsOf))
                    csv.Add(row);
            });
        if (_settings.Outputs.Has("parquet"))
            for (int shard = 0; shard * _settings.ShardSize < count; shard++)
            {
                var rows = done.Where(i => i / _settings.ShardSize == shard).SelectMany(RowsOf).ToList();
                AtomicFile.Write(Path.Combine(_settings.OutputFolder, ShardFileName(shard)), path => AlignmentParquetWriter.Write(path, rows));
            }
        return results;
    }

    public static string ShardFileName(int shard) => $"align-{shard:00000}.parquet";

    public void Dispose() => _state.Dispose();

    private List<AlignmentRow> RowsOf(int index) => AlignItem.ReadRows(_settings.OutputFolder, _state.StemOf(index));
}
