using System.Diagnostics;
using System.Globalization;

namespace FaceAlign3D.Pipeline.Batches;

/// <summary>What a track batch does to every clip and where it writes.</summary>
/// <remarks>Each clip's outputs go to a folder named after it in <see cref="BatchSettings.OutputFolder"/>.</remarks>
public sealed record TrackBatchSettings : BatchSettings
{
    public const double DefaultFolderFrameRate = 25;

    /// <summary>Tracker, overlay and fit settings for every clip; <see cref="TrackRunOptions.OutputDirectory"/> is replaced by the clip's folder.</summary>
    public required TrackSettings Track { get; init; }

    /// <summary>Frame rate given to image folders.</summary>
    public double FolderFrameRate { get; init; } = DefaultFolderFrameRate;
}

/// <summary>
/// A resumable `track` over many clips (videos or image folders), one after another. Each clip is tracked into a
/// staging folder that is renamed to &lt;output&gt;/&lt;clip name&gt; and then entered in the ledger
/// (.facealign-batch/ledger.jsonl, as for <see cref="AlignBatch"/>); a run killed at any moment leaves whole clip
/// folders only, and a resumed run skips the clips in the ledger and redoes the others.
/// </summary>
public sealed class TrackBatch : IDisposable
{
    private readonly BatchState _state;
    private readonly TrackBatchSettings _settings;
    private readonly TrackItemSettings _item;

    private TrackBatch(BatchState state, TrackBatchSettings settings)
    {
        _state = state;
        _settings = settings;
        _item = new TrackItemSettings(settings.Track, settings.FolderFrameRate);
    }

    /// <summary>Indices of the clips still to track, in input order.</summary>
    public IReadOnlyList<int> Pending => _state.Pending;

    /// <summary>Prepares the output folder and its ledger (a resumed run refuses other settings); two clips with the same name are refused.</summary>
    public static TrackBatch Start(IReadOnlyList<string> clips, TrackBatchSettings settings)
    {
        var track = settings.Track;
        string description = string.Create(CultureInfo.InvariantCulture,
            $"track {track.Tracker} video={track.Run.WriteVideo} fit={track.Fit} folder-fps={settings.FolderFrameRate} {settings.ModelNote}");
        return new TrackBatch(BatchState.Start(settings.OutputFolder, clips, description, settings.Resume), settings);
    }

    /// <summary>Tracks clip <paramref name="index"/>, puts its folder in place and enters it in the ledger.</summary>
    public BatchItemResult Process(int index, FaceToolkit toolkit, CancellationToken cancellation = default)
    {
        var start = Stopwatch.GetTimestamp();
        return _state.Enter(index, TrackItem.Run(toolkit, _state.Inputs[index], _settings.OutputFolder, _item, "local", cancellation), start);
    }

    /// <summary>Every clip's result in input order (<see cref="BatchItemResult.Faces"/>: its tracks).</summary>
    public IReadOnlyList<BatchItemResult> Finish() => _state.Results();

    public void Dispose() => _state.Dispose();
}
