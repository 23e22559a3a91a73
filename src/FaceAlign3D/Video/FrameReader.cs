using System.Globalization;
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

    public IEnumerable<VideoFrame> ReadFrames(CancellationToken cancellation = default)
    {
        using var process = FfmpegTools.Start(FfmpegTools.Ffmpeg(_ffmpegDirectories),
            ["-v", "error", "-nostdin", "-i", _path, "-map", "0:v:0", "-fps_mode", "passthrough",
             "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"], redirectInput: false);
        var stderr = process.StandardError.ReadToEndAsync(cancellation);
        var output = process.StandardOutput.BaseStream;
        var image = new Image(Info.Width, Info.Height, PixelFormat.Rgb8);
        int index = 0;
        try
        {
            while (true)
            {
                cancellation.ThrowIfCancellationRequested();
                int read = output.ReadAtLeast(image.Data, image.Data.Length, throwOnEndOfStream: false);
                if (read == 0)
                    break;
                if (read < image.Data.Length)
                    throw new VideoException($"{_path}: frame {index} is truncated ({read} of {image.Data.Length} bytes)");
                yield return new VideoFrame(index, TimeOf(index), image);
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
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
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
