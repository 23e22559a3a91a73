using System.Diagnostics;
using System.Globalization;
using FaceAlign3D.Imaging;

namespace FaceAlign3D.Video;

/// <summary>Encodes RGB frames into a video file (H.264 in MP4 by default) by piping them to ffmpeg.</summary>
internal sealed class FrameWriter : IDisposable
{
    private readonly Process _process;
    private readonly Stream _input;
    private readonly Task<string> _stderr;
    private readonly string _path;
    private readonly byte[] _row;
    private bool _closed;

    private FrameWriter(string path, int width, int height, Process process)
    {
        _path = path;
        Width = width;
        Height = height;
        _process = process;
        _input = process.StandardInput.BaseStream;
        _stderr = process.StandardError.ReadToEndAsync();
        _row = new byte[width * 3];
    }

    public int Width { get; }
    public int Height { get; }
    public int FramesWritten { get; private set; }

    /// <param name="path">Output file; the container follows its extension.</param>
    /// <param name="width">Frame width in pixels.</param>
    /// <param name="height">Frame height in pixels.</param>
    /// <param name="frameRate">Frames per second of the output.</param>
    /// <param name="codec">An ffmpeg encoder name, e.g. libx264 or mpeg4.</param>
    /// <param name="quality">Constant rate factor for x264-like encoders (lower is better).</param>
    /// <param name="ffmpegDirectories">Where to look for ffmpeg instead of FACEALIGN3D_FFMPEG_DIR and PATH.</param>
    public static FrameWriter Create(string path, int width, int height, double frameRate, string codec = "libx264", int quality = 20,
        IReadOnlyList<string>? ffmpegDirectories = null)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"frame size must be positive, got {width}x{height}");
        if (!(frameRate > 0) || double.IsInfinity(frameRate))
            throw new ArgumentOutOfRangeException(nameof(frameRate), $"frame rate must be positive, got {frameRate}");
        var args = new List<string>
        {
            "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24",
            "-s", $"{width}x{height}", "-r", frameRate.ToString("R", CultureInfo.InvariantCulture), "-i", "pipe:0",
            "-c:v", codec,
        };
        // yuv420p needs even sizes; pad by one pixel when the frame is odd.
        if (width % 2 != 0 || height % 2 != 0)
            args.AddRange(["-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2"]);
        args.AddRange(["-pix_fmt", "yuv420p"]);
        if (codec is "libx264" or "libx265")
            args.AddRange(["-crf", quality.ToString(CultureInfo.InvariantCulture)]);
        args.Add(path);
        return new FrameWriter(path, width, height, FfmpegTools.Start(FfmpegTools.Ffmpeg(ffmpegDirectories), args, redirectInput: true));
    }

    /// <summary>Writes one frame; other pixel formats are converted to RGB.</summary>
    public void Write(Image frame)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (frame.Width != Width || frame.Height != Height)
            throw new ArgumentException($"frame is {frame.Width}x{frame.Height}, the video is {Width}x{Height}", nameof(frame));
        try
        {
            for (int y = 0; y < Height; y++)
                _input.Write(ToRgbRow(frame, y));
        }
        catch (IOException e)
        {
            throw new VideoException($"{_path}: ffmpeg stopped accepting frames: {FfmpegTools.FirstLine(Drain())}", e);
        }
        FramesWritten++;
    }

    /// <summary>Finishes the file; throws when ffmpeg reports an error.</summary>
    public void Close()
    {
        if (_closed)
            return;
        _closed = true;
        try { _input.Close(); }
        catch (IOException) { }
        _process.WaitForExit();
        if (_process.ExitCode != 0)
            throw new VideoException($"{_path}: ffmpeg failed: {FfmpegTools.FirstLine(_stderr.Result)}");
    }

    public void Dispose()
    {
        if (!_closed)
        {
            _closed = true;
            try { _input.Close(); }
            catch (IOException) { }
            if (!_process.WaitForExit(10_000))
                _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }

    private string Drain()
    {
        if (!_process.WaitForExit(5_000))
            _process.Kill(entireProcessTree: true);
        return _stderr.Result;
    }

    private ReadOnlySpan<byte> ToRgbRow(Image frame, int y)
    {
        if (frame.Format == PixelFormat.Rgb8)
            return frame.Row(y);
        PixelConversion.ToRgb8Row(frame, y, _row);
        return _row;
    }
}
