namespace FaceAlign3D.Video;

/// <summary>A video could not be opened, probed, decoded or written.</summary>
public class VideoException : Exception
{
    public VideoException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>ffmpeg or ffprobe is not installed where FaceAlign3D looks for it.</summary>
public sealed class FfmpegNotFoundException : VideoException
{
    public FfmpegNotFoundException(string program)
        : base($"{program} was not found on PATH (or in FACEALIGN3D_FFMPEG_DIR). Video needs ffmpeg: on Debian/Ubuntu run 'sudo apt-get install ffmpeg', elsewhere see https://ffmpeg.org/download.html")
    {
        Program = program;
    }

    public string Program { get; }
}
