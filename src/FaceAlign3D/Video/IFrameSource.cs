namespace FaceAlign3D.Video;

/// <summary>A sequence of frames: a video file or a folder of images.</summary>
public interface IFrameSource : IDisposable
{
    /// <summary>Frame size, rate and (when known) count.</summary>
    VideoInfo Info { get; }

    /// <summary>
    /// Reads the frames in order. A source may reuse one pixel buffer for every frame: a frame's
    /// <see cref="VideoFrame.Image"/> is valid until the next one is read (clone it to keep it).
    /// </summary>
    IEnumerable<VideoFrame> ReadFrames(CancellationToken cancellation = default);
}
