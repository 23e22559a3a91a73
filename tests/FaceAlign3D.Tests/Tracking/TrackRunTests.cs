using System.Text.Json;
using FaceAlign3D.Export;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Pipeline;
using FaceAlign3D.Tests.Pipeline;
using FaceAlign3D.Tracking;
using FaceAlign3D.Video;
using Xunit.Abstractions;

namespace FaceAlign3D.Tests.Tracking;

/// <summary>`facealign track` end to end below the command line: frame sources, tracker, every output file, bad inputs.</summary>
[Trait(TestNeeds.Trait, TestNeeds.Shared)]
[Trait(TestNeeds.Trait, TestNeeds.Ffmpeg)]
public sealed class TrackRunTests(TddfaModels models, ITestOutputHelper output) : IClassFixture<TddfaModels>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("facealign-track-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private FaceTracker Tracker() => new(models.Detector, models.Aligner);

    [Fact]
    public void Sample_video_every_frame_one_track_and_an_overlay_with_the_same_frames_and_rate()
    {
        MachineTools.RequireFfmpeg();
        string input = SharedData.PathOf("data", "samples", "obama.mp4");
        using var source = FrameReader.Open(input);
        // One detection (the engine is unoptimised in Debug test builds and 720p detection dominates).
        var tracker = new FaceTracker(models.Detector, models.Aligner, new FaceTrackerOptions { DetectEvery = 0, VerifyEvery = 0 });
        var summary = TrackRun.Run(input, source, tracker, new TrackRunOptions { OutputDirectory = _dir });
        output.WriteLine(File.ReadAllText(Path.Combine(_dir, TrackRun.SummaryName)));

        Assert.Equal(55, summary.Frames);
        Assert.Equal(1, summary.Tracks);
        Assert.Equal(0, summary.LostFrames);

        var lines = File.ReadAllLines(Path.Combine(_dir, TrackRun.JsonLinesName));
        Assert.Equal(55, lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            using var doc = JsonDocument.Parse(lines[i]);
            var root = doc.RootElement;
            Assert.Equal(i, root.GetProperty("frame").GetInt32());
            Assert.Equal(i / 25.0, root.GetProperty("time").GetDouble(), 3);
            var face = root.GetProperty("faces").EnumerateArray().Single();
            Assert.Equal(1, face.GetProperty("track").GetInt32());
            Assert.Equal(68, face.GetProperty("landmarks68").GetArrayLength());
            Assert.Equal(4, face.GetProperty("box").GetArrayLength());
            Assert.True(face.GetProperty("pose").GetProperty("yaw").ValueKind == JsonValueKind.Number);
        }
        var csv = File.ReadAllLines(Path.Combine(_dir, TrackRun.CsvName));
        Assert.Equal(56, csv.Length);
        Assert.Equal(11 + 3 * 68, csv[0].Split(',').Length);
        Assert.All(csv.Skip(1), row => Assert.Equal(11 + 3 * 68, row.Split(',').Length));

        string overlay = Path.Combine(_dir, TrackRun.VideoName);
        var info = VideoInfo.Probe(overlay);
        Assert.Equal((1280, 720), (info.Width, info.Height));
        Assert.Equal(25, info.FrameRate, 3);
        using var reader = FrameReader.Open(overlay);
        Assert.Equal(55, reader.ReadFrames().Count());

        using var summaryJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, TrackRun.SummaryName)));
        var stages = summaryJson.RootElement.GetProperty("stages");
        Assert.Equal(["decode", "detect", "align", "filter", "encode"], stages.EnumerateObject().Select(p => p.Name));
        Assert.Equal(55, summaryJson.RootElement.GetProperty("frames").GetInt32());
    }

    [Fact]
    public void Image_folder_without_video_writes_lines_for_every_frame_including_faceless_ones()
    {
        var still = ImageDecoder.Load(SharedData.PathOf("data", "samples", "obama_small.jpg"));
        string frames = Directory.CreateDirectory(Path.Combine(_dir, "frames")).FullName;
        for (int i = 0; i < 6; i++)
        {
            // Frames 4 and 5 are blank: the track ends there.
            var image = i < 4 ? ImageWarp.Affine(still, AffineMatrix.Translation(3 * i, 0), still.Width, still.Height) : new Image(still.Width, still.Height, PixelFormat.Rgb8);
            ImageEncoder.SavePng(image, Path.Combine(frames, $"f{i}.png"));
        }
        using var source = ImageFolderSource.Open(frames, frameRate: 10);
        string outDir = Path.Combine(_dir, "out");
        var summary = TrackRun.Run(frames, source, new FaceTracker(models.Detector, models.Aligner, new FaceTrackerOptions { VerifyEvery = 1 }),
            new TrackRunOptions { OutputDirectory = outDir, WriteVideo = false });

        Assert.Equal(6, summary.Frames);
        Assert.Equal(1, summary.Tracks);
        Assert.Equal(2, summary.LostFrames);
        Assert.Equal(1, summary.TrackLosses);
        Assert.False(File.Exists(Path.Combine(outDir, TrackRun.VideoName)));
        var lines = File.ReadAllLines(Path.Combine(outDir, TrackRun.JsonLinesName));
        Assert.Equal(6, lines.Length);
        using var ended = JsonDocument.Parse(lines[4]);
        Assert.Equal(0, ended.RootElement.GetProperty("faces").GetArrayLength());
        Assert.Equal([1], ended.RootElement.GetProperty("ended_tracks").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(0.4, ended.RootElement.GetProperty("time").GetDouble(), 9);
        var csv = File.ReadAllLines(Path.Combine(outDir, TrackRun.CsvName));
        Assert.StartsWith("4,0.4,-1,", csv[5]);
    }

    [Fact]
    public void Missing_ffmpeg_is_reported_with_the_install_hint()
    {
        string empty = Directory.CreateDirectory(Path.Combine(_dir, "no-ffmpeg")).FullName;
        var e = Assert.Throws<FfmpegNotFoundException>(() => FrameReader.Open(SharedData.PathOf("data", "samples", "obama.mp4"), [empty]));
        Assert.Equal("ffprobe", e.Program);
        Assert.Contains("apt-get install ffmpeg", e.Message);

        // An image folder needs no ffmpeg to read, but the overlay video does.
        string frames = Directory.CreateDirectory(Path.Combine(_dir, "frames")).FullName;
        ImageEncoder.SavePng(new Image(64, 48, PixelFormat.Rgb8), Path.Combine(frames, "0.png"));
        using var source = ImageFolderSource.Open(frames);
        var run = Assert.Throws<FfmpegNotFoundException>(() => TrackRun.Run(frames, source, Tracker(),
            new TrackRunOptions { OutputDirectory = Path.Combine(_dir, "out"), FfmpegDirectories = [empty] }));
        Assert.Equal("ffmpeg", run.Program);
    }

    [Fact]
    public void A_video_with_no_decodable_frame_is_an_error_and_leaves_no_overlay()
    {
        MachineTools.RequireFfmpeg();
        // A real AVI whose three frame payloads are zeroed: the stream is declared, nothing decodes.
        string path = Path.Combine(_dir, "empty.avi");
        using (var writer = FrameWriter.Create(path, 64, 48, 10, codec: "mpeg4"))
        {
            for (int i = 0; i < 3; i++)
                writer.Write(new Image(64, 48, PixelFormat.Rgb8));
            writer.Close();
        }
        var bytes = File.ReadAllBytes(path);
        int movi = bytes.AsSpan().IndexOf("movi"u8), index = bytes.AsSpan().IndexOf("idx1"u8);
        Assert.True(movi > 0 && index > movi);
        bytes.AsSpan(movi + 4, index - movi - 4).Clear();
        File.WriteAllBytes(path, bytes);

        using var source = FrameReader.Open(path);
        string outDir = Path.Combine(_dir, "out");
        var e = Assert.Throws<VideoException>(() => TrackRun.Run(path, source, Tracker(), new TrackRunOptions { OutputDirectory = outDir }));
        Assert.Contains("empty.avi", e.Message);
        Assert.Contains("no decodable frames", e.Message);
        Assert.False(File.Exists(Path.Combine(outDir, TrackRun.VideoName)));
    }

    [Fact]
    public void Unreadable_inputs_raise_typed_errors_naming_the_file()
    {
        MachineTools.RequireFfmpeg();
        string text = Path.Combine(_dir, "clip.mp4");
        File.WriteAllText(text, "not a video");
        var video = Assert.Throws<VideoException>(() => FrameReader.Open(text));
        Assert.Contains("clip.mp4", video.Message);

        string frames = Directory.CreateDirectory(Path.Combine(_dir, "frames")).FullName;
        ImageEncoder.SavePng(new Image(64, 48, PixelFormat.Rgb8), Path.Combine(frames, "0.png"));
        File.WriteAllBytes(Path.Combine(frames, "1.png"), [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);
        using var source = ImageFolderSource.Open(frames);
        var image = Assert.Throws<ImageFormatException>(() => TrackRun.Run(frames, source, Tracker(),
            new TrackRunOptions { OutputDirectory = Path.Combine(_dir, "out"), WriteVideo = false }));
        Assert.Contains("1.png", image.Message);
    }
}
