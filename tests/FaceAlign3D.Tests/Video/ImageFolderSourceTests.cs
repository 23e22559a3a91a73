using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Video;

namespace FaceAlign3D.Tests.Video;

public sealed class ImageFolderSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("facealign-frames-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Images_play_in_natural_name_order_at_the_given_rate_as_rgb()
    {
        // Gray PNGs whose value encodes their intended position; names sort wrongly as plain strings.
        string[] names = ["frame10.png", "frame2.png", "frame1.png", "Frame3.PNG"];
        byte[] values = [40, 20, 10, 30];
        for (int i = 0; i < names.Length; i++)
            ImageEncoder.SavePng(Gray(8, 6, values[i]), Path.Combine(_dir, names[i]));
        File.WriteAllText(Path.Combine(_dir, "notes.txt"), "not a frame");

        using var source = ImageFolderSource.Open(_dir, frameRate: 20);
        Assert.Equal((8, 6, 20.0, 4), (source.Info.Width, source.Info.Height, source.Info.FrameRate, source.Info.FrameCount!.Value));
        var frames = source.ReadFrames().Select(f => (f.Index, f.Time, f.Image.Format, Value: f.Image.Row(0)[0])).ToList();
        Assert.Equal([(0, 0.0, PixelFormat.Rgb8, (byte)10), (1, 0.05, PixelFormat.Rgb8, (byte)20), (2, 0.1, PixelFormat.Rgb8, (byte)30), (3, 0.15, PixelFormat.Rgb8, (byte)40)], frames);
    }

    [Fact]
    public void Empty_missing_and_mixed_size_folders_are_rejected_with_the_reason()
    {
        var empty = Assert.Throws<VideoException>(() => ImageFolderSource.Open(_dir));
        Assert.Contains("no image files", empty.Message);
        Assert.Throws<VideoException>(() => ImageFolderSource.Open(Path.Combine(_dir, "nope")));

        ImageEncoder.SavePng(Gray(8, 6, 0), Path.Combine(_dir, "a1.png"));
        ImageEncoder.SavePng(Gray(9, 6, 0), Path.Combine(_dir, "a2.png"));
        using var source = ImageFolderSource.Open(_dir);
        var e = Assert.Throws<VideoException>(() => source.ReadFrames().ToList());
        Assert.Contains("a2.png", e.Message);
        Assert.Contains("9x6", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageFolderSource.Open(_dir, frameRate: 0));
    }

    private static Image Gray(int width, int height, byte value)
    {
        var image = new Image(width, height, PixelFormat.Gray8);
        Array.Fill(image.Data, value);
        return image;
    }
}
