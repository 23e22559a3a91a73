using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;

namespace FaceAlign3D.Video;

/// <summary>
/// A folder of still images played as a video: the image files (PNG, JPEG, BMP, PPM/PGM by extension) in natural
/// name order (frame2 before frame10), at a given frame rate. Every image must have the first one's size;
/// frames come out as RGB8.
/// </summary>
public sealed class ImageFolderSource : IFrameSource
{
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase) { ".png", ".jpg", ".jpeg", ".bmp", ".ppm", ".pgm", ".pnm" };

    private readonly string[] _files;
    private readonly DecodeOptions? _decodeOptions;

    private ImageFolderSource(string[] files, VideoInfo info, DecodeOptions? decodeOptions)
    {
        _files = files;
        Info = info;
        _decodeOptions = decodeOptions;
    }

    public VideoInfo Info { get; }

    /// <summary>The image files, in frame order.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>Lists the folder and decodes its first image for the frame size.</summary>
    /// <exception cref="VideoException">The folder does not exist or holds no image file.</exception>
    /// <exception cref="ImageFormatException">The first image cannot be decoded.</exception>
    public static ImageFolderSource Open(string folder, double frameRate = 25, DecodeOptions? decodeOptions = null)
    {
        if (!(frameRate > 0) || double.IsInfinity(frameRate))
            throw new ArgumentOutOfRangeException(nameof(frameRate), $"frame rate must be positive, got {frameRate}");
        if (!Directory.Exists(folder))
            throw new VideoException($"{folder}: folder not found");
        var files = Directory.EnumerateFiles(folder)
            .Where(f => Extensions.Contains(Path.GetExtension(f)))
            .OrderBy(f => Path.GetFileName(f), NaturalOrder.Instance)
            .ToArray();
        if (files.Length == 0)
            throw new VideoException($"{folder}: the folder holds no image files ({string.Join(", ", Extensions.Order())})");
        var first = ImageDecoder.Load(files[0], decodeOptions);
        var info = new VideoInfo(first.Width, first.Height, frameRate, files.Length, files.Length / frameRate, 0);
        return new ImageFolderSource(files, info, decodeOptions);
    }

    public IEnumerable<VideoFrame> ReadFrames(CancellationToken cancellation = default)
    {
        for (int i = 0; i < _files.Length; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var image = ImageDecoder.Load(_files[i], _decodeOptions);
            if (image.Width != Info.Width || image.Height != Info.Height)
                throw new VideoException($"{_files[i]}: image is {image.Width}x{image.Height}, the sequence is {Info.Width}x{Info.Height} (set by {Path.GetFileName(_files[0])})");
            if (image.Format != PixelFormat.Rgb8)
                image = PixelConversion.ToRgb8(image);
            yield return new VideoFrame(i, i / Info.FrameRate, image);
        }
    }

    public void Dispose()
    {
    }

    /// <summary>Compares names with digit runs as numbers, the rest ordinally ignoring case.</summary>
    private sealed class NaturalOrder : IComparer<string>
    {
        public static readonly NaturalOrder Instance = new();

        public int Compare(string? a, string? b)
        {
            if (a is null || b is null)
                return string.Compare(a, b, StringComparison.Ordinal);
            int i = 0, j = 0;
            while (i < a.Length && j < b.Length)
            {
                if (char.IsAsciiDigit(a[i]) && char.IsAsciiDigit(b[j]))
                {
                    int si = i, sj = j;
                    while (i < a.Length && char.IsAsciiDigit(a[i])) i++;
                    while (j < b.Length && char.IsAsciiDigit(b[j])) j++;
                    var da = a.AsSpan(si, i - si).TrimStart('0');
                    var db = b.AsSpan(sj, j - sj).TrimStart('0');
                    int c = da.Length != db.Length ? da.Length.CompareTo(db.Length) : da.SequenceCompareTo(db);
                    if (c != 0)
                        return c;
                    continue;
                }
                int d = char.ToUpperInvariant(a[i]).CompareTo(char.ToUpperInvariant(b[j]));
                if (d != 0)
                    return d;
                i++;
                j++;
            }
            int rest = (a.Length - i).CompareTo(b.Length - j);
            return rest != 0 ? rest : string.Compare(a, b, StringComparison.Ordinal);
        }
    }
}
