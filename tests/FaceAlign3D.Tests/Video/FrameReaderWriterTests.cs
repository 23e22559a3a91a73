using FaceAlign3D.Imaging;
using FaceAlign3D.Video;

namespace FaceAlign3D.Tests.Video;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
[Trait(TestNeeds.Trait, TestNeeds.Ffmpeg)]
public sealed class FrameReaderWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("facealign-video-").FullName;

    public FrameReaderWriterTests() => MachineTools.RequireFfmpeg();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Written_frames_read_back_with_count_size_rate_times_and_colours()
    {
        string path = Path.Combine(_dir, "ramp.mp4");
        const int frames = 12;
        using (var writer = FrameWriter.Create(path, 64, 48, 25))
        {
            for (int i = 0; i < frames; i++)
                writer.Write(Solid(64, 48, (byte)(20 * i), 128, (byte)(240 - 20 * i)));
            writer.Close();
            Assert.Equal(frames, writer.FramesWritten);
        }

        using var reader = FrameReader.Open(path);
        Assert.Equal((64, 48), (reader.Info.Width, reader.Info.Height));
        Assert.Equal(25, reader.Info.FrameRate, 3);
        var seen = new List<(int Index, double Time, double Red, double Blue)>();
        foreach (var f in reader.ReadFrames())
            seen.Add((f.Index, f.Time, MeanChannel(f.Image, 0), MeanChannel(f.Image, 2)));
        Assert.Equal(frames, seen.Count);
        for (int i = 0; i < frames; i++)
        {
            Assert.Equal(i, seen[i].Index);
            Assert.Equal(i / 25.0, seen[i].Time, 3);
            // H.264 with 4:2:0 chroma is lossy: flat colours come back within a few levels.
            Assert.InRange(seen[i].Red, 20 * i - 6, 20 * i + 6);
            Assert.InRange(seen[i].Blue, 240 - 20 * i - 6, 240 - 20 * i + 6);
        }
    }

    [Fact]
    public void Odd_sized_frames_are_padded_to_an_even_size()
    {
        string path = Path.Combine(_dir, "odd.mp4");
        using (var writer = FrameWriter.Create(path, 33, 17, 10))
        {
            writer.Write(Solid(33, 17, 200, 10, 10));
            writer.Close();
        }
        var info = VideoInfo.Probe(path);
        Assert.Equal((34, 18), (info.Width, info.Height));
    }

    [Fact]
    public void Sample_video_yields_every_frame_it_declares()
    {
        string path = SharedData.PathOf("data", "samples", "obama.mp4");
        using var reader = FrameReader.Open(path);
        Assert.Equal((1280, 720), (reader.Info.Width, reader.Info.Height));
        Assert.NotNull(reader.Info.FrameCount);
        int count = 0;
        double lastTime = -1;
        foreach (var f in reader.ReadFrames())
        {
            Assert.True(f.Time > lastTime, $"frame {f.Index} time {f.Time} does not increase");
            lastTime = f.Time;
            count++;
        }
        // The file declares 158 frames, but an edit list cuts all but the 55 of its 2.2 s.
        Assert.Equal(55, count);
        Assert.Equal(reader.Info.FrameCount, count);
        Assert.Equal(54 / 25.0, lastTime, 3);
    }

    [Fact]
    public void Missing_and_non_video_files_raise_video_errors()
    {
        var missing = Assert.Throws<VideoException>(() => FrameReader.Open(Path.Combine(_dir, "nope.mp4")));
        Assert.Contains("nope.mp4", missing.Message);

        string text = Path.Combine(_dir, "notes.mp4");
        File.WriteAllText(text, "this is not a video");
        var bad = Assert.Throws<VideoException>(() => FrameReader.Open(text));
        Assert.Contains("notes.mp4", bad.Message);
    }

    [Fact]
    public void Missing_ffmpeg_gives_an_install_hint()
    {
        var e = Assert.Throws<FfmpegNotFoundException>(() => FfmpegTools.Locate("ffmpeg", [_dir]));
        Assert.Contains("apt-get install ffmpeg", e.Message);
    }

    [Fact]
    public void Writer_rejects_frames_of_another_size()
    {
        using var writer = FrameWriter.Create(Path.Combine(_dir, "size.mp4"), 32, 32, 10);
        Assert.Throws<ArgumentException>(() => writer.Write(Solid(16, 16, 0, 0, 0)));
    }

    private static Image Solid(int width, int height, byte r, byte g, byte b)
    {
        var image = new Image(width, height, PixelFormat.Rgb8);
        for (int y = 0; y < height; y++)
        {
            var row = image.Row(y);
            for (int x = 0; x < width; x++)
                (row[3 * x], row[3 * x + 1], row[3 * x + 2]) = (r, g, b);
        }
        return image;
    }

    private static double MeanChannel(Image image, int channel)
    {
        double sum = 0;
        for (int y = 0; y < image.Height; y++)
        {
            var row = image.Row(y);
            for (int x = 0; x < image.Width; x++)
                sum += row[3 * x + channel];
        }
        return sum / image.PixelCount;
    }
}
