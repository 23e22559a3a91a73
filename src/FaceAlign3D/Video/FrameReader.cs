using System.Globalization;
using System.Threading.Channels;
using FaceAlign3D.Imaging;

namespace FaceAlign3D.Video;

/// <summary>
/// Decodes any video ffmpeg reads into RGB8 frames streamed through a pipe. Rotation metadata is
/// applied (frames come out as displayed); every decoded frame is delivered once, none duplicated
/// or dropped, with its presentation time.
/// </summary>
public sealed class FrameReader : IFrameSource
{
    private readonly string _path;
    private readonly double[] _timestamps;
    private readonly IReadOnlyList<string>? _ffmpegDirectories;

    private FrameReader(string path, VideoInfo info, double[] timestamps, IReadOnlyList<string>? ffmpegDirectories)
    {
        _path = path;
        _ffmpegDirectories = ffmpegDirectories;
        Info = info;
        _timestamps = timestamps;
    }

    public VideoInfo Info { get; }

    /// <summary>Probes a video and lists its frame times.</summary>
    /// <param name="path">The video file.</param>
    /// <param name="ffmpegDirectories">Where to look for ffmpeg and ffprobe instead of FACEALIGN3D_FFMPEG_DIR and PATH.</param>
    public static FrameReader Open(string path, IReadOnlyList<string>? ffmpegDirectories = null)
    {
        var info = VideoInfo.Probe(path, ffmpegDirectories);
        var timestamps = ReadTimestamps(path, ffmpegDirectories);
        // Containers may count frames an edit list cuts away; the packets that will be shown are exact.
        if (timestamps.Length > 0)
            info = info with { FrameCount = timestamps.Length };
        return new FrameReader(path, info, timestamps, ffmpegDirectories);
    }

    /// <summary>Frames decoded ahead of the caller: ffmpeg and the pipe read keep going while the caller works.</summary>
    private const int ReadAhead = 2;

    /// <remarks>
    /// A reader thread drains ffmpeg's pipe into <see cref="ReadAhead"/> + 1 reused buffers, so decoding runs on one
    /// core while the caller uses the other; without it ffmpeg would stall on the full pipe for every frame.
    /// </remarks>
    public IEnumerable<VideoFrame> ReadFrames(CancellationToken cancellation = default)
    {
        using var process = FfmpegTools.Start(FfmpegTools.Ffmpeg(_ffmpegDirectories),
            ["-v", "error", "-nostdin", "-i", _path, "-map", "0:v:0", "-fps_mode", "passthrough",
             "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"], redirectInput: false);
        var stderr = process.StandardError.ReadToEndAsync(cancellation);
        var free = Channel.CreateUnbounded<Image>();
        var ready = Channel.CreateUnbounded<Image>();
        for (int b = 0; b <= ReadAhead; b++)
            free.Writer.TryWrite(new Image(Info.Width, Info.Height, PixelFormat.Rgb8));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var pump = Task.Run(() => Pump(process.StandardOutput.BaseStream, free.Reader, ready.Writer, stop.Token));
        int index = 0;
        try
        {
            while (ready.Reader.WaitToReadAsync(cancellation).AsTask().GetAwaiter().GetResult())
            {
                ready.Reader.TryRead(out var image);
                yield return new VideoFrame(index, TimeOf(index), image!);
                free.Writer.TryWrite(image!); // the caller is done with it: it may be refilled
                index++;
            }
            process.WaitForExit();
            if (index == 0)
                throw new VideoException($"{_path}: the video has no decodable frames" +
                    (process.ExitCode != 0 ? $" (ffmpeg: {FfmpegTools.FirstLine(stderr.Result)})" : ""));
            if (process.ExitCode != 0)
                throw new VideoException($"{_path}: ffmpeg failed after {index} frames: {FfmpegTools.FirstLine(stderr.Result)}");
        }
        finally
        {
            stop.Cancel();
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            // The reader ends once ffmpeg is gone or cancelled; its own failure was already delivered through the channel.
            try { pump.Wait(); }
            catch (AggregateException) { }
        }
    }

    /// <summary>Fills free buffers with whole frames from the pipe and hands them over in order; a truncated frame is an error.</summary>
    private void Pump(Stream output, ChannelReader<Image> free, ChannelWriter<Image> ready, CancellationToken cancellation)
    {
        try
        {
            for (int index = 0; ; index++)
            {
                var image = free.ReadAsync(cancellation).AsTask().GetAwaiter().GetResult();
                int read = output.ReadAtLeast(image.Data, image.Data.Length, throwOnEndOfStream: false);
                if (read == 0)
                    break;
                if (read < image.Data.Length)
                    throw new VideoException($"{_path}: frame {index} is truncated ({read} of {image.Data.Length} bytes)");
                ready.TryWrite(image);
            }
            ready.TryComplete();
        }
        catch (Exception e)
        {
            ready.TryComplete(e);
        }
    }

    public void Dispose()
    {
    }

    private double TimeOf(int index) =>
        index < _timestamps.Length ? _timestamps[index] : Info.FrameRate > 0 ? index / Info.FrameRate : 0;

    // Packet timestamps in presentation order, read without decoding; frame i gets the i-th smallest.
    // Packets flagged D (cut by an edit list) are never output by the decoder and are left out.
    private static double[] ReadTimestamps(string path, IReadOnlyList<string>? ffmpegDirectories)
    {
        string csv = FfmpegTools.Run(FfmpegTools.Ffprobe(ffmpegDirectories),
            ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time,flags", "-of", "csv=p=0", path], path);
        var times = new List<double>();
        foreach (var line in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(',');
            if (fields.Length >= 2 && fields[1].Contains('D'))
                continue;
            if (double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double t))
                times.Add(t);
        }
        times.Sort();
        return [.. times];
    }
}
