namespace FaceAlign3D.Video;

/// <summary>What a tracking run reads as one clip: a folder of images or a video file.</summary>
internal static class FrameSources
{
    /// <exception cref="VideoException">The input cannot be opened as frames.</exception>
    /// <exception cref="FaceAlign3D.Imaging.ImageFormatException">A folder's first image cannot be decoded.</exception>
    public static IFrameSource Open(string input, double folderFrameRate, IReadOnlyList<string>? ffmpegDirectories = null) =>
        Directory.Exists(input) ? ImageFolderSource.Open(input, folderFrameRate) : FrameReader.Open(input, ffmpegDirectories);
}
