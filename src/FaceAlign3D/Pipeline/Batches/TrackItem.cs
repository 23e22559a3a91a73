using FaceAlign3D.Imaging;
using FaceAlign3D.Tracking;
using FaceAlign3D.Video;

namespace FaceAlign3D.Pipeline.Batches;

/// <summary>What every clip of a track batch gets: the tracking settings and the frame rate of image folders.</summary>
internal sealed record TrackItemSettings(TrackSettings Track, double FolderFrameRate);

/// <summary>
/// One clip (video or image folder) of a batch: tracked into a staging folder of the worker's own, which is then
/// renamed to &lt;output&gt;/&lt;clip name&gt;, so the clip's outputs appear whole and the same on every run. A clip
/// that cannot be read or decoded is the clip's failure, not the batch's.
/// </summary>
internal static class TrackItem
{
    public static BatchEntry Run(FaceToolkit toolkit, string input, string outputFolder, TrackItemSettings settings, string worker, CancellationToken cancellation = default)
    {
        string stem = BatchFolder.StemOf(input);
        string staged = BatchFolder.NewStaging(outputFolder, stem, worker);
        TrackSummary summary;
        try
        {
            using var source = FrameSources.Open(input, settings.FolderFrameRate, settings.Track.Run.FfmpegDirectories);
            summary = toolkit.Track(input, source, settings.Track with { Run = settings.Track.Run with { OutputDirectory = staged } }, cancellation);
        }
        catch (Exception e) when (e is VideoException and not FfmpegNotFoundException or ImageFormatException or IOException or UnauthorizedAccessException)
        {
            Directory.Delete(staged, recursive: true);
            return new BatchEntry(stem, input, 0, e is ImageFormatException f ? f.Reason : e.Message);
        }
        BatchFolder.PublishFolder(staged, Path.Combine(outputFolder, stem));
        return new BatchEntry(stem, input, summary.Tracks, null);
    }
}
