using System.Text.Json;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Pipeline;
using FaceAlign3D.Video;

namespace FaceAlign3D.Tests.Pipeline;

/// <summary>`synth multiview-clip` on the first frames of a three-view clip of ../shared: groups, unlabeled views and an affine rig.</summary>
[Trait(TestNeeds.Trait, TestNeeds.Shared)]
[Trait(TestNeeds.Trait, TestNeeds.Ffmpeg)]
public sealed class MultiViewClipDatasetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("facealign-mvclip-").FullName;

    public MultiViewClipDatasetTests() => MachineTools.RequireFfmpeg();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Each_frame_is_a_group_of_three_unlabeled_views_with_one_affine_rig_that_explains_the_landmarks()
    {
        string video = SharedData.PathOf("data", "videos", "nersemble_038_three_views.mp4");
        using var source = FrameReader.Open(video);
        using var toolkit = FaceToolkit.Open(AllModelsFolder.Store);
        var run = MultiViewClipDataset.Run(toolkit, source, video, new MultiViewClipSettings { MaxFrames = 4 }, _dir);

        Assert.Equal(4, run.FramesRead);
        Assert.Equal(4, run.Groups + run.Outliers);
        Assert.Equal(0, run.WithoutFace);
        // The aligner's 68 points fit one fixed affine rig to about a pixel in views of 247 x 360.
        Assert.InRange(run.Rig.RmsResidual, 0.01, 3);

        using var annotations = JsonDocument.Parse(File.ReadAllText(run.Annotations));
        var samples = annotations.RootElement.GetProperty("samples").EnumerateArray().ToArray();
        Assert.Equal(3 * run.Groups, samples.Length);
        foreach (var sample in samples)
        {
            Assert.False(sample.TryGetProperty("landmarks68_3d", out _));
            var image = ImageDecoder.Load(Path.Combine(_dir, "images", sample.GetProperty("image").GetString()!));
            Assert.Equal((247, 360), (image.Width, image.Height));
            var roi = sample.GetProperty("roi_box").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.True(roi[2] > roi[0] && roi[3] > roi[1] && roi[0] < 247 && roi[1] < 360 && roi[2] > 0 && roi[3] > 0, string.Join(", ", roi));
            var recipe = sample.GetProperty("recipe");
            using var views = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, recipe.GetProperty("views_file").GetString()!)));
            var p = views.RootElement.GetProperty("views")[recipe.GetProperty("view").GetInt32()].GetProperty("P");
            Assert.Equal([0.0, 0, 0, 1], p[2].EnumerateArray().Select(v => v.GetDouble()));
            Assert.Equal(run.Rig.Cameras[recipe.GetProperty("view").GetInt32()][..4], p[0].EnumerateArray().Select(v => v.GetDouble()));
        }
    }

    [Fact]
    public void Frames_too_small_for_the_views_are_an_error_naming_the_input()
    {
        string frames = Path.Combine(_dir, "frames");
        Directory.CreateDirectory(frames);
        ImageEncoder.SavePng(new Image(100, 90, PixelFormat.Rgb8), Path.Combine(frames, "0001.png"));
        using var source = ImageFolderSource.Open(frames);
        using var toolkit = FaceToolkit.Open(AllModelsFolder.Store);
        var e = Assert.Throws<ArgumentException>(() => MultiViewClipDataset.Run(toolkit, source, frames, new MultiViewClipSettings(), Path.Combine(_dir, "out")));
        Assert.Contains("frames", e.Message);
        Assert.Contains("247", e.Message);
    }
}
